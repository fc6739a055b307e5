/// The answer of `assets/upload`: one upload URL per requested token, in request order.
///
/// ```json
/// {"tokens": [{"recordName": "r1", "fieldName": "image", "url": "https://…"}]}
/// ```
package struct AssetUploadResponse: Hashable, Sendable, Codable {
    package var tokens: [AssetUploadToken]

    package init(tokens: [AssetUploadToken]) {
        self.tokens = tokens
    }
}

/// Where to send one asset's bytes: a plain POST of the raw bytes to `url`, which answers an
/// `AssetUploadResult`.
package struct AssetUploadToken: Hashable, Sendable, Codable {
    package var recordName: String
    package var fieldName: String
    /// The upload URL. It carries its own authorization: the POST to it is not signed.
    package var url: String

    package init(recordName: String, fieldName: String, url: String) {
        self.recordName = recordName
        self.fieldName = fieldName
        self.url = url
    }
}
