import CloudKitWeb
import GRDB

/// Turns the asset field values of a `records/modify` operation into the files the store holds.
///
/// A file is named by its upload's `receipt` (of this database; a `fileChecksum` sent with it
/// must be the upload's), or by a `fileChecksum` alone that the store already holds: that is how
/// a client sends an unchanged asset of an updated record again, as CloudKit returned it. A `size`
/// sent with either must be the file's. Anything else is refused, naming the field.
struct AssetResolver {
    let db: Database
    /// The database's namespace (`EmulatorStore.namespace`): receipts of other databases are unknown.
    let namespace: String

    /// The stored form of each asset field.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST naming the record and the field, for an unknown
    ///   receipt or checksum, a value that is not an asset dictionary, or a checksum or size that
    ///   is not the uploaded file's.
    func resolve(
        _ fields: [String: (field: FieldDictionary, list: Bool)], record: RecordDictionary, recordType: String
    ) throws -> [String: StoredAssetField] {
        var resolved: [String: StoredAssetField] = [:]
        for (name, entry) in fields {
            func failure(_ reason: String) -> CloudKitError {
                CloudKitError(
                    .badRequest, reason: "field '\(name)': \(reason)", recordType: recordType,
                    recordName: record.recordName)
            }
            let dictionaries: [AssetDictionary]
            if entry.list {
                guard let assets = entry.field.assets else {
                    throw failure("an ASSET_LIST value must be a list of assets")
                }
                dictionaries = assets
            } else {
                guard let asset = entry.field.asset else { throw failure("an ASSET value must be an asset dictionary") }
                dictionaries = [asset]
            }
            var files: [StoredAssetField.File] = []
            files.reserveCapacity(dictionaries.count)
            for asset in dictionaries {
                files.append(try file(of: asset, failure: failure))
            }
            resolved[name] = StoredAssetField(list: entry.list, files: files)
        }
        return resolved
    }

    private func file(of asset: AssetDictionary, failure: (String) -> CloudKitError) throws -> StoredAssetField.File {
        let file: StoredAssetField.File
        if let receipt = asset.receipt {
            let statement = try db.cachedStatement(
                sql: """
                    SELECT asset_content.checksum, asset_content.size FROM asset_upload
                    JOIN asset_content ON asset_content.checksum = asset_upload.checksum
                    WHERE asset_upload.receipt = ? AND asset_upload.namespace = ?
                    """)
            guard let row = try Row.fetchOne(statement, arguments: [receipt, namespace]) else {
                throw failure("unknown asset receipt \(receipt.debugDescription)")
            }
            file = StoredAssetField.File(fileChecksum: row[0], size: row[1])
            if let checksum = asset.fileChecksum, checksum != file.fileChecksum {
                throw failure("fileChecksum \(checksum.debugDescription) is not the uploaded file's")
            }
        } else if let checksum = asset.fileChecksum {
            let statement = try db.cachedStatement(sql: "SELECT size FROM asset_content WHERE checksum = ?")
            guard let size = try Int64.fetchOne(statement, arguments: [checksum]) else {
                throw failure("no asset with fileChecksum \(checksum.debugDescription); upload it first")
            }
            file = StoredAssetField.File(fileChecksum: checksum, size: size)
        } else {
            throw failure("an asset needs the receipt of its upload, or the fileChecksum of a stored asset")
        }
        if let size = asset.size, size != file.size {
            throw failure("size \(size) is not the uploaded file's (\(file.size) bytes)")
        }
        return file
    }
}
