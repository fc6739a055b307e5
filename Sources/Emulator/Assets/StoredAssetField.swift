import CloudKitWeb
import Foundation

/// An ASSET or ASSET_LIST field of a stored record: the files it names, by checksum. The bytes
/// live once each in `asset_content`.
struct StoredAssetField: Codable, Hashable, Sendable {
    /// One file of the field.
    struct File: Codable, Hashable, Sendable {
        /// The content's key in `asset_content`: lowercase hex SHA-256 of the bytes.
        var fileChecksum: String
        var size: Int64
    }

    /// Whether the field is an ASSET_LIST (else an ASSET, with one file).
    var list: Bool
    var files: [File]

    /// The wire form the store answers with: `ASSET` / `ASSET_LIST`, each file with its
    /// `fileChecksum`, `size` and a `downloadURL` under `assetBase`.
    func dictionary(assetBase: String) -> FieldDictionary {
        let assets = files.map { file in
            AssetDictionary(
                fileChecksum: file.fileChecksum, size: file.size,
                downloadURL: EmulatorStore.downloadURL(checksum: file.fileChecksum, base: assetBase))
        }
        if list { return .assetList(assets, type: .assetList) }
        return .asset(assets.first ?? AssetDictionary(), type: .asset)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// The `assets` column of a record: `nil` (NULL) when it has no asset fields.
    static func column(_ fields: [String: StoredAssetField]) throws -> Data? {
        fields.isEmpty ? nil : try encoder.encode(fields)
    }

    /// Reads the `assets` column.
    static func fields(column: Data) throws -> [String: StoredAssetField] {
        try JSONDecoder().decode([String: StoredAssetField].self, from: column)
    }
}
