/// One query filter: `{"comparator": "GREATER_THAN", "fieldName": "width", "fieldValue": {…}}`.
///
/// A system field (`recordName`, `createdTimestamp`, `modifiedTimestamp`, …) is named with
/// `systemFieldName` in place of `fieldName`.
package struct Filter: Hashable, Sendable, Codable {
    package var comparator: Comparator
    package var fieldName: String?
    package var systemFieldName: String?
    package var fieldValue: FieldDictionary
    /// Metres, for NEAR.
    package var distance: Double?

    package init(
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
package struct Comparator: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    package var rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }

    package var description: String { rawValue }

    package static let equals = Comparator(rawValue: "EQUALS")
    package static let notEquals = Comparator(rawValue: "NOT_EQUALS")
    package static let lessThan = Comparator(rawValue: "LESS_THAN")
    package static let lessThanOrEquals = Comparator(rawValue: "LESS_THAN_OR_EQUALS")
    package static let greaterThan = Comparator(rawValue: "GREATER_THAN")
    package static let greaterThanOrEquals = Comparator(rawValue: "GREATER_THAN_OR_EQUALS")
    package static let near = Comparator(rawValue: "NEAR")
    package static let containsAllTokens = Comparator(rawValue: "CONTAINS_ALL_TOKENS")
    package static let containsAnyTokens = Comparator(rawValue: "CONTAINS_ANY_TOKENS")
    package static let `in` = Comparator(rawValue: "IN")
    package static let notIn = Comparator(rawValue: "NOT_IN")
    package static let listContains = Comparator(rawValue: "LIST_CONTAINS")
    package static let notListContains = Comparator(rawValue: "NOT_LIST_CONTAINS")
    package static let listContainsAny = Comparator(rawValue: "LIST_CONTAINS_ANY")
    package static let notListContainsAny = Comparator(rawValue: "NOT_LIST_CONTAINS_ANY")
    package static let listContainsAll = Comparator(rawValue: "LIST_CONTAINS_ALL")
    package static let notListContainsAll = Comparator(rawValue: "NOT_LIST_CONTAINS_ALL")
    package static let beginsWith = Comparator(rawValue: "BEGINS_WITH")
    package static let notBeginsWith = Comparator(rawValue: "NOT_BEGINS_WITH")
    package static let listMemberBeginsWith = Comparator(rawValue: "LIST_MEMBER_BEGINS_WITH")
    package static let notListMemberBeginsWith = Comparator(rawValue: "NOT_LIST_MEMBER_BEGINS_WITH")
}
