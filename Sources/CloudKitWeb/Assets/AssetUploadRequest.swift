/// The body of `assets/upload`: which record fields want an upload URL (protocol §3, "Asset
/// upload flow"), at most `CloudKitLimits.maxTokensPerAssetUpload` of them.
///
/// ```json
/// {"zoneID": {"zoneName": "_defaultZone"},
///  "tokens": [{"recordName": "r1", "recordType": "Artwork", "fieldName": "image"}]}
/// ```
package struct AssetUploadRequest: Hashable, Sendable, Codable {
    /// The zone of the records; the default zone when absent.
    package var zoneID: ZoneID?
    /// One entry per asset to upload.
    package var tokens: [AssetTokenRequest]

    package init(zoneID: ZoneID? = nil, tokens: [AssetTokenRequest]) {
        self.zoneID = zoneID
        self.tokens = tokens
    }
}

/// One asset of an `assets/upload` request: the record and field its bytes will belong to.
package struct AssetTokenRequest: Hashable, Sendable, Codable {
    package var recordName: String
    package var recordType: String
    package var fieldName: String

    package init(recordName: String, recordType: String, fieldName: String) {
        self.recordName = recordName
        self.recordType = recordType
        self.fieldName = fieldName
    }
}
