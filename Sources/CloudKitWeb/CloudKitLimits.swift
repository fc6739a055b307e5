import Records

/// CloudKit Web Services' documented limits (Apple "Data Size Limits").
package enum CloudKitLimits {
    /// Operations in one `records/modify` request.
    package static let maxOperationsPerRequest = 200
    /// Record names in one `records/lookup` request.
    package static let maxRecordsPerLookup = 200
    /// Records in one query or changes page; also the default `resultsLimit`.
    package static let maxResultsPerPage = 200
    /// The largest request body a server is asked to read: 2 MiB. Apple documents no web limit;
    /// native CloudKit's guidance is about 2 MB a request, and `cksync serve` refuses larger
    /// bodies with BAD_REQUEST.
    package static let maxRequestBodyBytes = 2 * 1024 * 1024
    /// Room kept in a `records/modify` body for what surrounds its operations (`{"operations":[`,
    /// `],"zoneID":…,"atomic":false,"desiredKeys":[]}`), a zone name of up to 255 characters included.
    package static let modifyEnvelopeBytes = 2048
    /// Tokens in one `assets/upload` request.
    package static let maxTokensPerAssetUpload = 200
    /// The largest asset file: Apple's "50 MB", read as 50,000,000 bytes, the stricter of the two
    /// readings, so that a file cksync accepts is one CloudKit accepts.
    package static let maxAssetBytes = Int(Asset.maximumBytes)
}
