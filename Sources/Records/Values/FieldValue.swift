/// A geographic location as CloudKit's LOCATION type carries it.
public struct Location: Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// What CloudKit does to a referencing record when its target is deleted.
public enum ReferenceAction: String, Hashable, Sendable, Codable, CaseIterable {
    case none = "NONE"
    case deleteSelf = "DELETE_SELF"
    case validate = "VALIDATE"
}

/// A link to another record of the same zone.
public struct Reference: Hashable, Sendable {
    public var recordName: String
    public var action: ReferenceAction

    public init(recordName: String, action: ReferenceAction = .none) {
        self.recordName = recordName
        self.action = action
    }
}

/// One typed field value of a record, in CloudKit's terms.
///
/// Values are already normalized: strings are NFC, doubles are finite and never `-0`,
/// timestamps are milliseconds since 1970-01-01T00:00:00Z.
public indirect enum FieldValue: Hashable, Sendable {
    case string(String)
    case int64(Int64)
    case double(Double)
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
    case bytes([UInt8])
    case reference(Reference)
    case location(Location)
    /// A list of scalar values, all of `elementType`.
    case list(elementType: FieldType, [FieldValue])

    /// The CloudKit type of this value.
    public var type: FieldType {
        switch self {
        case .string: .string
        case .int64: .int64
        case .double: .double
        case .timestamp: .timestamp
        case .bytes: .bytes
        case .reference: .reference
        case .location: .location
        case .list(let elementType, _): elementType.listType ?? elementType
        }
    }
}
