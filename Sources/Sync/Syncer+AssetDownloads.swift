import CloudKitWeb
import GitStore
import Records

extension Syncer {
    /// Downloads the files of `record` that cksync does not know (named by the server's checksum)
    /// into `writer` as blobs, and names them by their content in the record and in its state.
    /// - Returns: how many files were downloaded.
    /// - Throws: `SyncError.badResponse` naming the record and field for a file without a
    ///   `downloadURL`, or whose bytes are not the size the server gave; the download's error.
    func downloadUnknownAssets(
        of record: inout Record, state: inout ServerState, from dictionary: RecordDictionary, into writer: ObjectWriter
    ) async throws -> Int {
        var downloaded = 0
        for (name, value) in record.fields.sorted(by: { $0.key < $1.key }) {
            let assets = OutgoingAsset.assets(in: value)
            guard assets.contains(where: { $0.content == nil }) else { continue }
            let wire = dictionary.fields?[name]
            let urls = (value.type == .assetList ? wire?.assets : wire?.asset.map { [$0] })?.map(\.downloadURL) ?? []
            var named: [Asset] = []
            for (index, asset) in assets.enumerated() {
                guard case .fileChecksum(let checksum) = asset.identity else {
                    named.append(asset)
                    continue
                }
                let label = "\(record.type)/\(record.name) field '\(name)'"
                guard index < urls.count, let url = urls[index] else {
                    throw SyncError.badResponse("\(label): the server gave no downloadURL for file \(checksum)")
                }
                let bytes = try await remote.database.downloadAsset(url)
                guard bytes.count == asset.size else {
                    throw SyncError.badResponse(
                        "\(label): downloaded \(bytes.count) bytes of file \(checksum), whose size is \(asset.size)")
                }
                let content = try writer.writeBlob(bytes).hex
                downloaded += 1
                named.append(Asset(size: asset.size, identity: .content(content)))
                if let known = state.assets.firstIndex(where: {
                    $0.field == name && $0.fileChecksum == checksum && $0.content == nil
                }) {
                    state.assets[known].content = content
                }
            }
            record.fields[name] = OutgoingAsset.value(value, holding: named)
        }
        return downloaded
    }
}
