/// A CloudKit field type, spelled as CloudKit Web Services spells it on the wire.
public enum FieldType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Text.
    case string = "STRING"
    /// A 64-bit integer.
    case int64 = "INT64"
    /// A 64-bit floating-point number.
    case double = "DOUBLE"
    /// A date and time, in milliseconds since 1970.
    case timestamp = "TIMESTAMP"
    /// Bytes, base64 on the wire.
    case bytes = "BYTES"
    /// A link to another record.
    case reference = "REFERENCE"
    /// A latitude and longitude.
    case location = "LOCATION"
    /// A file stored beside the record, read from a path in the source.
    case asset = "ASSET"
    /// A list of strings.
    case stringList = "STRING_LIST"
    /// A list of 64-bit integers.
    case int64List = "INT64_LIST"
    /// A list of floating-point numbers.
    case doubleList = "DOUBLE_LIST"
    /// A list of dates and times.
    case timestampList = "TIMESTAMP_LIST"
    /// A list of byte strings.
    case bytesList = "BYTES_LIST"
    /// A list of references.
    case referenceList = "REFERENCE_LIST"
    /// A list of locations.
    case locationList = "LOCATION_LIST"
    /// A list of files.
    case assetList = "ASSET_LIST"

    /// The scalar type of a list's elements; `nil` for a scalar type.
    public var elementType: FieldType? {
        switch self {
        case .stringList: .string
        case .int64List: .int64
        case .doubleList: .double
        case .timestampList: .timestamp
        case .bytesList: .bytes
        case .referenceList: .reference
        case .locationList: .location
        case .assetList: .asset
        default: nil
        }
    }

    /// The list type whose elements are of this scalar type; `nil` for a list type.
    public var listType: FieldType? {
        switch self {
        case .string: .stringList
        case .int64: .int64List
        case .double: .doubleList
        case .timestamp: .timestampList
        case .bytes: .bytesList
        case .reference: .referenceList
        case .location: .locationList
        case .asset: .assetList
        default: nil
        }
    }

    /// Whether a field of this type holds files: ASSET or ASSET_LIST.
    public var holdsFiles: Bool { self == .asset || self == .assetList }

    /// Whether the type is a `LIST<…>`.
    public var isList: Bool { elementType != nil }
}
