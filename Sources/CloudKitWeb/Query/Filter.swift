/// One query filter: `{"comparator": "GREATER_THAN", "fieldName": "width", "fieldValue": {…}}`.
///
/// A system field (`recordName`, `createdTimestamp`, `modifiedTimestamp`, …) is named with
/// `systemFieldName` in place of `fieldName`.
public struct Filter: Hashable, Sendable, Codable {
    public var comparator: Comparator
    public var fieldName: String?
    public var systemFieldName: String?
    public var fieldValue: FieldDictionary
    /// Metres, for NEAR.
    public var distance: Double?

    public init(
        _ comparator: Comparator, fieldName: String? = nil, systemFieldName: String? = nil,
        fieldValue: FieldDictionary, distance: Double? = nil
    ) {
        self.comparator = comparator
        self.fieldName = fieldName
        self.systemFieldName = systemFieldName
        self.fieldValue = fieldValue
        self.distance = distance
    }
}

/// A filter comparator: the 21 values of CloudKit JS `QueryFilterComparator`.
public struct Comparator: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static let equals = Comparator(rawValue: "EQUALS")
    public static let notEquals = Comparator(rawValue: "NOT_EQUALS")
    public static let lessThan = Comparator(rawValue: "LESS_THAN")
    public static let lessThanOrEquals = Comparator(rawValue: "LESS_THAN_OR_EQUALS")
    public static let greaterThan = Comparator(rawValue: "GREATER_THAN")
    public static let greaterThanOrEquals = Comparator(rawValue: "GREATER_THAN_OR_EQUALS")
    public static let near = Comparator(rawValue: "NEAR")
    public static let containsAllTokens = Comparator(rawValue: "CONTAINS_ALL_TOKENS")
    public static let containsAnyTokens = Comparator(rawValue: "CONTAINS_ANY_TOKENS")
    public static let `in` = Comparator(rawValue: "IN")
    public static let notIn = Comparator(rawValue: "NOT_IN")
    public static let listContains = Comparator(rawValue: "LIST_CONTAINS")
    public static let notListContains = Comparator(rawValue: "NOT_LIST_CONTAINS")
    public static let listContainsAny = Comparator(rawValue: "LIST_CONTAINS_ANY")
    public static let notListContainsAny = Comparator(rawValue: "NOT_LIST_CONTAINS_ANY")
    public static let listContainsAll = Comparator(rawValue: "LIST_CONTAINS_ALL")
    public static let notListContainsAll = Comparator(rawValue: "NOT_LIST_CONTAINS_ALL")
    public static let beginsWith = Comparator(rawValue: "BEGINS_WITH")
    public static let notBeginsWith = Comparator(rawValue: "NOT_BEGINS_WITH")
    public static let listMemberBeginsWith = Comparator(rawValue: "LIST_MEMBER_BEGINS_WITH")
    public static let notListMemberBeginsWith = Comparator(rawValue: "NOT_LIST_MEMBER_BEGINS_WITH")
}
