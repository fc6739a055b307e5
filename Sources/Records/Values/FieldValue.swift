/// A geographic location as CloudKit's LOCATION type carries it: latitude and longitude, and
/// the members CloudKit's Location dictionary may add (absent when `nil`). Sources give only
/// latitude and longitude; the other members come from other clients, through the server.
public struct Location: Hashable, Sendable {
    /// Degrees.
    public var latitude: Double
    /// Degrees.
    public var longitude: Double
    /// Metres.
    public var altitude: Double?
    /// Degrees.
    public var course: Double?
    /// Metres.
    public var horizontalAccuracy: Double?
    /// Metres per second.
    public var speed: Double?
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var timestamp: Int64?
    /// Metres.
    public var verticalAccuracy: Double?

    /// A location; only latitude and longitude are required.
    public init(
        latitude: Double, longitude: Double, altitude: Double? = nil, course: Double? = nil,
        horizontalAccuracy: Double? = nil, speed: Double? = nil, timestamp: Int64? = nil,
        verticalAccuracy: Double? = nil
    ) {
        self.latitude = latitude
        self.longitude = longitude
        self.altitude = altitude
        self.course = course
        self.horizontalAccuracy = horizontalAccuracy
        self.speed = speed
        self.timestamp = timestamp
        self.verticalAccuracy = verticalAccuracy
    }
}

/// What CloudKit does to a referencing record when its target is deleted.
public enum ReferenceAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// A plain link: deleting the target leaves it dangling.
    case none = "NONE"
    /// Deleting the target deletes the record that refers to it.
    case deleteSelf = "DELETE_SELF"
    /// A save fails when the target does not exist.
    case validate = "VALIDATE"
}

/// A link to another record of the same zone.
public struct Reference: Hashable, Sendable {
    /// The name of the record referred to.
    public var recordName: String
    /// What CloudKit does to the referring record when the other is deleted.
    public var action: ReferenceAction

    /// A reference to the record named `recordName`.
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
    /// Text, NFC-normalized.
    case string(String)
    /// A 64-bit integer.
    case int64(Int64)
    /// A finite double, never `-0`.
    case double(Double)
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
    /// Bytes.
    case bytes([UInt8])
    /// A link to another record of the zone.
    case reference(Reference)
    /// A location.
    case location(Location)
    /// A file, by its size and content.
    case asset(Asset)
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
        case .asset: .asset
        case .list(let elementType, _): elementType.listType ?? elementType
        }
    }
}
