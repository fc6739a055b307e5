import Records

/// A field's `type` string as it travels on the wire: `STRING`, `INT64_LIST`, `ASSETID`, …
///
/// A superset of `Records.FieldType`: the wire also has the asset types, which cksync's record
/// values do not carry. Unknown strings are kept as they are, so a value can be decoded first
/// and judged later.
public struct WireFieldType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The wire spelling of a record field type.
    public init(_ type: FieldType) { rawValue = type.rawValue }

    /// The record field type this names; `nil` for the asset types and unknown names.
    public var fieldType: FieldType? { FieldType(rawValue: rawValue) }

    public var description: String { rawValue }

    public static let string = WireFieldType(.string)
    public static let int64 = WireFieldType(.int64)
    public static let double = WireFieldType(.double)
    public static let timestamp = WireFieldType(.timestamp)
    public static let bytes = WireFieldType(.bytes)
    public static let reference = WireFieldType(.reference)
    public static let location = WireFieldType(.location)
    public static let asset = WireFieldType(rawValue: "ASSET")
    public static let assetID = WireFieldType(rawValue: "ASSETID")
    public static let stringList = WireFieldType(.stringList)
    public static let int64List = WireFieldType(.int64List)
    public static let doubleList = WireFieldType(.doubleList)
    public static let timestampList = WireFieldType(.timestampList)
    public static let bytesList = WireFieldType(.bytesList)
    public static let referenceList = WireFieldType(.referenceList)
    public static let locationList = WireFieldType(.locationList)
    public static let assetList = WireFieldType(rawValue: "ASSET_LIST")
    public static let assetIDList = WireFieldType(rawValue: "ASSETID_LIST")
}
