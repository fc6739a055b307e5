import CloudKitWeb
import Records

/// One file of a record's asset fields, as a write sends it: by the server's checksum when the
/// server already holds those bytes in that field, else uploaded first and sent with the upload's
/// answer (its receipt).
struct OutgoingAsset: Sendable {
    var field: String
    /// The git blob id of the bytes; nil for an asset known only by a server's checksum (sent as is).
    var content: String?
    var size: Int64
    /// The field value that names the file to the server: `{fileChecksum, size}` for a file it
    /// holds, the upload's dictionary once uploaded; nil until then.
    var sent: AssetDictionary?

    /// Whether the bytes must be uploaded before the record can be saved.
    var needsUpload: Bool { sent == nil }

    /// The asset files of `record`, by field name, then in list order, each sent by checksum where
    /// `state` (what the remote snapshot knows the server holds for the record) has its content in
    /// the same field.
    static func files(of record: Record, state: ServerState?) -> [OutgoingAsset] {
        // Most records have no file: they cost a look at each field's type, no sort.
        guard record.fields.values.contains(where: \.type.holdsFiles) else { return [] }
        var files: [OutgoingAsset] = []
        for (name, value) in record.fields.sorted(by: { $0.key < $1.key }) {
            for asset in assets(in: value) {
                switch asset.identity {
                case .content(let content):
                    let checksum = state?.assets.fileChecksum(of: content, in: name)
                    files.append(
                        OutgoingAsset(
                            field: name, content: content, size: asset.size,
                            sent: checksum.map { AssetDictionary(fileChecksum: $0, size: asset.size) }))
                case .fileChecksum(let checksum):
                    files.append(
                        OutgoingAsset(
                            field: name, content: nil, size: asset.size,
                            sent: AssetDictionary(fileChecksum: checksum, size: asset.size)))
                }
            }
        }
        return files
    }

    /// The assets a field value holds: one for ASSET, each element of an ASSET_LIST, none otherwise.
    static func assets(in value: FieldValue) -> [Asset] {
        switch value {
        case .asset(let asset): [asset]
        case .list(.asset, let elements):
            elements.compactMap {
                if case .asset(let asset) = $0 { return asset }
                return nil
            }
        default: []
        }
    }

    /// A value of the field `value` is, holding `assets` in order (as `assets(in:)` lists them).
    static func value(_ value: FieldValue, holding assets: [Asset]) -> FieldValue {
        value.type == .assetList ? .list(elementType: .asset, assets.map(FieldValue.asset)) : .asset(assets[0])
    }

    /// What the server holds once the record is saved with these files: each file's checksum
    /// (from the server's earlier answer or the upload's), with the content cksync knows it as.
    static func serverAssets(_ files: [OutgoingAsset]) -> [ServerAsset] {
        files.compactMap { file in
            guard let checksum = file.sent?.fileChecksum else { return nil }
            return ServerAsset(field: file.field, content: file.content, fileChecksum: checksum, size: file.size)
        }
    }
}
