import Records

/// A field's `type` string as it travels on the wire: `STRING`, `INT64_LIST`, `ASSETID`, …
///
/// A superset of `Records.FieldType`: the wire also has ASSETID and ASSETID_LIST, the form in
/// which a save sends an uploaded asset. Unknown strings are kept as they are, so a value can be decoded first
/// and judged later.
package struct WireFieldType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    package var rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }

    /// The wire spelling of a record field type.
    package init(_ type: FieldType) { rawValue = type.rawValue }

    /// The record field type this names exactly; `nil` for ASSETID, ASSETID_LIST and unknown names.
    package var fieldType: FieldType? { FieldType(rawValue: rawValue) }

    /// The record field type a value of this type reads as: ASSETID, the form a save sends, is an
    /// ASSET once saved.
    package var recordFieldType: FieldType? {
        switch self {
        case .assetID: .asset
        case .assetIDList: .assetList
        default: fieldType
        }
    }

    package var description: String { rawValue }

    package static let string = WireFieldType(.string)
    package static let int64 = WireFieldType(.int64)
    package static let double = WireFieldType(.double)
    package static let timestamp = WireFieldType(.timestamp)
    package static let bytes = WireFieldType(.bytes)
    package static let reference = WireFieldType(.reference)
    package static let location = WireFieldType(.location)
    package static let asset = WireFieldType(.asset)
    package static let assetID = WireFieldType(rawValue: "ASSETID")
    package static let stringList = WireFieldType(.stringList)
    package static let int64List = WireFieldType(.int64List)
    package static let doubleList = WireFieldType(.doubleList)
    package static let timestampList = WireFieldType(.timestampList)
    package static let bytesList = WireFieldType(.bytesList)
    package static let referenceList = WireFieldType(.referenceList)
    package static let locationList = WireFieldType(.locationList)
    package static let assetList = WireFieldType(.assetList)
    package static let assetIDList = WireFieldType(rawValue: "ASSETID_LIST")
}
