import Foundation

extension CloudKitClient {
    /// `assets/upload`: an upload URL for each token, signed like every API request.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST (nothing sent) for more than
    ///   `CloudKitLimits.maxTokensPerAssetUpload` tokens; the server's failure otherwise.
    package func requestAssetUploads(_ request: AssetUploadRequest) async throws -> AssetUploadResponse {
        guard request.tokens.count <= CloudKitLimits.maxTokensPerAssetUpload else {
            throw CloudKitError(
                .badRequest,
                reason:
                    "\(request.tokens.count) tokens in one request; at most \(CloudKitLimits.maxTokensPerAssetUpload)",
                httpStatus: 0, operation: "assets/upload")
        }
        return try await send("assets/upload", body: request, decode: Coding.decode)
    }

    /// Sends an asset's bytes to its upload URL: a plain POST of the raw bytes (the URL carries its
    /// own authorization, protocol §3), retried as `records/modify` is.
    ///
    /// - Returns: the `singleFile` dictionary of the answer: receipt, checksum and size.
    /// - Throws: `CloudKitError` BAD_REQUEST (nothing sent) for more than
    ///   `CloudKitLimits.maxAssetBytes` bytes; the server's failure otherwise.
    package func uploadAsset(bytes: [UInt8], to url: String) async throws -> AssetDictionary {
        guard bytes.count <= CloudKitLimits.maxAssetBytes else {
            throw CloudKitError(
                .badRequest,
                reason: "an asset of \(bytes.count) bytes is over CloudKit's limit of \(CloudKitLimits.maxAssetBytes)",
                httpStatus: 0, operation: "asset upload")
        }
        let result: AssetUploadResult = try await send(
            "asset upload", method: .post, bodyBytes: Data(bytes), plainURL: url, decode: Coding.decode)
        return result.singleFile
    }

    /// GETs an asset's bytes from a `downloadURL`, unsigned, retried as `records/modify` is.
    package func downloadAsset(_ url: String) async throws -> [UInt8] {
        try await send("asset download", method: .get, bodyBytes: nil, plainURL: url, decode: { [UInt8]($0) })
    }
}
