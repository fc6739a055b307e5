import GitStore
import Records

/// The `assets/` tree of a snapshot: every file its records' ASSET fields hold, as a blob, so that
/// the snapshot keeps them reachable (`cksync gc` prunes only what no ref reaches, and a rollback
/// years later still finds the bytes).
///
/// ```
/// assets/<RecordType>/<xx>/<blob id>      xx = the first two hex digits of the blob id
/// ```
///
/// A file is named by its blob id, so identical files of one type are one entry, and the tree
/// depends on the bytes only, never on file names. Readers of a snapshot's records look up
/// `records/` by name and never see it.
public enum AssetTree {
    /// The top-level folder of a snapshot's files.
    public static let directory = "assets"

    /// The path of a file with blob `id` in a snapshot of `type`.
    public static func path(type: String, id: String) -> String {
        "\(directory)/\(type)/\(id.prefix(2))/\(id)"
    }

    /// Writes one type's tree (`assets/<Type>`) of the blobs `ids`; `nil` when there are none.
    static func write(_ ids: Set<ObjectID>, writer: ObjectWriter) throws -> ObjectID? {
        guard !ids.isEmpty else { return nil }
        var fanOut: [String: [TreeEntry]] = [:]
        for id in ids {
            let hex = id.hex
            fanOut[String(hex.prefix(2)), default: []].append(TreeEntry(name: hex, id: id, isTree: false))
        }
        var directories: [TreeEntry] = []
        directories.reserveCapacity(fanOut.count)
        for (prefix, entries) in fanOut {
            directories.append(TreeEntry(name: prefix, id: try writer.writeTree(entries), isTree: true))
        }
        return try writer.writeTree(directories)
    }

    /// The blobs the ASSET and ASSET_LIST fields of `record` hold.
    static func blobs(of record: Record, into ids: inout Set<ObjectID>) {
        for value in record.fields.values {
            switch value {
            case .asset(let asset):
                if let content = asset.content, let id = ObjectID(hex: content) { ids.insert(id) }
            case .list(elementType: .asset, let elements):
                for case .asset(let asset) in elements {
                    if let content = asset.content, let id = ObjectID(hex: content) { ids.insert(id) }
                }
            default:
                continue
            }
        }
    }
}
