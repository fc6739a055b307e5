import CloudKitWeb
import Crypto
import Foundation
import GRDB

extension EmulatorStore {
    /// The asset URL base of the in-process store: URLs only this store's own
    /// `uploadAsset(bytes:to:)` and `downloadAsset(_:)` read, no HTTP involved.
    package static let localAssetBase = "cksync-local://assets"

    /// How long an upload URL of `assets/upload` stays valid: 15 minutes, the validity MistKit
    /// documents (protocol §3, unverified).
    static let uploadURLLifetime: Int64 = 15 * 60 * 1000

    /// The same store, its upload and download URLs starting with `base` (`cksync serve` passes
    /// `http://{host}/assets/{container}/{environment}/{database}`, from the request's `Host`).
    package func serving(assetsAt base: String) -> EmulatorStore {
        var store = self
        store.assetBase = base
        return store
    }

    /// The `downloadURL` of the content `checksum`.
    static func downloadURL(checksum: String, base: String) -> String { base + "/download/" + checksum }

    /// `assets/upload`: a fresh upload URL for each token, valid for `uploadURLLifetime`.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for more than 200 tokens or a token without a record
    ///   name, type or field; ZONE_NOT_FOUND for an unknown zone.
    package func requestAssetUploads(_ request: AssetUploadRequest) async throws -> AssetUploadResponse {
        let operation = "assets/upload"
        guard request.tokens.count <= CloudKitLimits.maxTokensPerAssetUpload else {
            throw CloudKitError.badRequest(
                "\(request.tokens.count) tokens in one request; at most \(CloudKitLimits.maxTokensPerAssetUpload)",
                operation: operation)
        }
        if request.tokens.contains(where: { $0.recordName.isEmpty || $0.recordType.isEmpty || $0.fieldName.isEmpty }) {
            throw CloudKitError.badRequest(
                "a token needs a recordName, a recordType and a fieldName", operation: operation)
        }
        let zone = ResponseZone(store: self, zoneID: request.zoneID)
        let expiry = Self.milliseconds(since1970: now()) + Self.uploadURLLifetime
        let namespace = namespace
        let base = assetBase
        return try await queue.write { db in
            try zone.check(in: db, operation: operation)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO asset_upload (token, namespace, record_name, record_type, field, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            var tokens: [AssetUploadToken] = []
            tokens.reserveCapacity(request.tokens.count)
            for token in request.tokens {
                let secret = Self.randomToken()
                try insert.execute(arguments: [
                    secret, namespace, token.recordName, token.recordType, token.fieldName, expiry,
                ])
                tokens.append(
                    AssetUploadToken(
                        recordName: token.recordName, fieldName: token.fieldName, url: base + "/upload/" + secret))
            }
            return AssetUploadResponse(tokens: tokens)
        }
    }

    /// Takes the bytes sent to an upload URL of this store, in process.
    package func uploadAsset(bytes: [UInt8], to url: String) async throws -> AssetDictionary {
        guard let token = Self.lastComponent(of: url, after: "/upload/") else {
            throw CloudKitError(.notFound, reason: "not an upload URL of this store: \(url)", operation: "asset upload")
        }
        return try await acceptUpload(token: token, bytes: bytes)
    }

    /// The bytes of a `downloadURL` of this store, in process.
    package func downloadAsset(_ url: String) async throws -> [UInt8] {
        guard let checksum = Self.lastComponent(of: url, after: "/download/") else {
            throw CloudKitError(
                .notFound, reason: "not a download URL of this store: \(url)", operation: "asset download")
        }
        return try await assetBytes(checksum: checksum)
    }

    /// Stores the bytes sent to the upload URL of `token` (once per content) and answers its
    /// receipt. Sending again to the same URL (a retry whose answer was lost) answers the same
    /// receipt for the same bytes, a new one for other bytes.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for more than `CloudKitLimits.maxAssetBytes` bytes or
    ///   an expired URL, NOT_FOUND for a token this database never handed out.
    package func acceptUpload(token: String, bytes: [UInt8]) async throws -> AssetDictionary {
        let operation = "asset upload"
        guard bytes.count <= CloudKitLimits.maxAssetBytes else {
            throw Self.assetTooLarge(bytes.count)
        }
        let checksum = Self.hex(SHA256.hash(data: bytes))
        let size = Int64(bytes.count)
        let instant = Self.milliseconds(since1970: now())
        let namespace = namespace
        return try await queue.write { db in
            let statement = try db.cachedStatement(
                sql: "SELECT expires_at, receipt, checksum FROM asset_upload WHERE token = ? AND namespace = ?")
            guard let row = try Row.fetchOne(statement, arguments: [token, namespace]) else {
                throw CloudKitError(.notFound, reason: "unknown upload URL", operation: operation)
            }
            let expiresAt: Int64 = row[0]
            guard instant <= expiresAt else {
                throw CloudKitError.badRequest(
                    "the upload URL has expired; ask assets/upload for a new one", operation: operation)
            }
            try db.cachedStatement(
                sql:
                    "INSERT INTO asset_content (checksum, size, bytes) VALUES (?, ?, ?) ON CONFLICT (checksum) DO NOTHING"
            ).execute(arguments: [checksum, size, Data(bytes)])
            let previousReceipt: String? = row[1]
            let previousChecksum: String? = row[2]
            if let previousReceipt, previousChecksum == checksum {
                return AssetDictionary(fileChecksum: checksum, size: size, receipt: previousReceipt)
            }
            let receipt = Self.randomToken()
            try db.cachedStatement(sql: "UPDATE asset_upload SET receipt = ?, checksum = ? WHERE token = ?")
                .execute(arguments: [receipt, checksum, token])
            return AssetDictionary(fileChecksum: checksum, size: size, receipt: receipt)
        }
    }

    /// How many uploads each record's files received (bytes sent and a receipt given), by record
    /// name: what a client uploaded, as the server saw it.
    package func completedUploads() async throws -> [String: Int] {
        let namespace = namespace
        return try await queue.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT record_name, count(*) FROM asset_upload
                    WHERE namespace = ? AND receipt IS NOT NULL GROUP BY record_name
                    """, arguments: [namespace])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }

    /// The bytes of the content `checksum`.
    ///
    /// - Throws: `CloudKitError` NOT_FOUND when the store holds no such content.
    package func assetBytes(checksum: String) async throws -> [UInt8] {
        try await queue.read { db in
            let statement = try db.cachedStatement(sql: "SELECT bytes FROM asset_content WHERE checksum = ?")
            guard let bytes = try Data.fetchOne(statement, arguments: [checksum]) else {
                throw CloudKitError(.notFound, reason: "no asset \(checksum)", operation: "asset download")
            }
            return [UInt8](bytes)
        }
    }

    /// How many distinct contents the store holds, and their bytes in all.
    package func assetContentTotals() async throws -> (count: Int, bytes: Int64) {
        try await queue.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(size), 0) FROM asset_content")
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// BAD_REQUEST for an upload over `CloudKitLimits.maxAssetBytes`.
    package static func assetTooLarge(_ size: Int?) -> CloudKitError {
        let what = size.map { "an asset of \($0) bytes" } ?? "an asset"
        return CloudKitError.badRequest(
            "\(what) is larger than the limit of \(CloudKitLimits.maxAssetBytes) bytes", operation: "asset upload")
    }

    /// The path component after `marker` when it is the URL's last one.
    private static func lastComponent(of url: String, after marker: String) -> String? {
        guard let range = url.range(of: marker, options: .backwards) else { return nil }
        let component = url[range.upperBound...]
        guard !component.isEmpty, !component.contains("/"), !component.contains("?") else { return nil }
        return String(component)
    }

    /// Lowercase hex of a digest.
    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(SHA256.byteCount * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// 128 random bits in hex: an upload URL's secret or a receipt.
    private static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}
