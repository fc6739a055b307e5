import CloudKitWeb
import GitStore
import Records

/// Uploads the files a batch's records need and the server does not hold yet (protocol §3):
/// `assets/upload` for their URLs, at most 200 a request, then each file's bytes, read from its
/// blob in the repository as it goes, a few at a time.
struct AssetUploader: Sendable {
    let remote: Remote
    let repository: GitRepository
    /// Uploads in flight at once, per batch (batches go several at once already).
    static let inFlight = 4

    /// The operations with every file they need uploaded, and for each operation one of whose
    /// files could not be uploaded, why (naming the record, the field and the file); that
    /// operation must not be sent.
    func upload(_ operations: [PlannedOperation]) async -> (operations: [PlannedOperation], failures: [Int: String]) {
        var operations = operations
        var failures: [Int: String] = [:]
        var pending: [(operation: Int, file: Int)] = []
        for (index, operation) in operations.enumerated() {
            for (file, asset) in operation.assets.enumerated() where asset.needsUpload {
                pending.append((index, file))
            }
        }
        for start in stride(from: 0, to: pending.count, by: CloudKitLimits.maxTokensPerAssetUpload) {
            let chunk = Array(pending[start..<min(pending.count, start + CloudKitLimits.maxTokensPerAssetUpload)])
            let urls: [String]
            do {
                urls = try await uploadURLs(for: chunk, in: operations)
            } catch {
                for item in chunk {
                    failures[item.operation] = failures[item.operation] ?? message(item, operations, error)
                }
                continue
            }
            await withTaskGroup(of: (Int, Result<AssetDictionary, any Error>).self) { group in
                var next = 0
                func launch() {
                    guard next < chunk.count else { return }
                    let index = next
                    next += 1
                    let item = chunk[index]
                    let file = operations[item.operation].assets[item.file]
                    group.addTask { (index, await send(file, to: urls[index])) }
                }
                for _ in 0..<Self.inFlight { launch() }
                while let (index, result) = await group.next() {
                    let item = chunk[index]
                    switch result {
                    case .success(let sent): operations[item.operation].assets[item.file].sent = sent
                    case .failure(let error):
                        failures[item.operation] = failures[item.operation] ?? message(item, operations, error)
                    }
                    launch()
                }
            }
        }
        return (operations, failures)
    }

    /// One upload URL per file, in order.
    private func uploadURLs(for chunk: [(operation: Int, file: Int)], in operations: [PlannedOperation])
        async throws -> [String]
    {
        let tokens = chunk.map { item in
            let operation = operations[item.operation]
            return AssetTokenRequest(
                recordName: operation.name, recordType: operation.type, fieldName: operation.assets[item.file].field)
        }
        let response = try await remote.database.requestAssetUploads(
            AssetUploadRequest(zoneID: remote.zone, tokens: tokens))
        guard response.tokens.count == tokens.count,
            zip(response.tokens, tokens).allSatisfy({ $0.recordName == $1.recordName && $0.fieldName == $1.fieldName })
        else {
            throw SyncError.badResponse(
                "assets/upload answered \(response.tokens.count) upload URLs for \(tokens.count) files, not one per file in order"
            )
        }
        return response.tokens.map(\.url)
    }

    /// Uploads one file's bytes; the answer is the field value that saves it.
    private func send(_ file: OutgoingAsset, to url: String) async -> Result<AssetDictionary, any Error> {
        do {
            guard let content = file.content, let id = ObjectID(hex: content) else {
                throw SyncError.badResponse("an asset without content cannot be uploaded")
            }
            let bytes = try repository.blob(id)
            guard bytes.count == file.size else {
                throw SyncError.badResponse("blob \(content) holds \(bytes.count) bytes, not the asset's \(file.size)")
            }
            let sent = try await remote.database.uploadAsset(bytes: bytes, to: url)
            guard sent.fileChecksum != nil else { throw SyncError.badResponse("the upload answered no fileChecksum") }
            return .success(sent)
        } catch {
            return .failure(error)
        }
    }

    private func message(_ item: (operation: Int, file: Int), _ operations: [PlannedOperation], _ error: any Error)
        -> String
    {
        let operation = operations[item.operation]
        let file = operation.assets[item.file]
        let content =
            file.content.map { " (\(FieldValue.asset(Asset(size: file.size, identity: .content($0))).displayText))" }
            ?? ""
        return "\(operation.label): uploading field '\(file.field)'\(content): \(error)"
    }
}
