/// CloudKit Web Services' documented limits (Apple "Data Size Limits").
public enum CloudKitLimits {
    /// Operations in one `records/modify` request.
    public static let maxOperationsPerRequest = 200
    /// Record names in one `records/lookup` request.
    public static let maxRecordsPerLookup = 200
    /// Records in one query or changes page; also the default `resultsLimit`.
    public static let maxResultsPerPage = 200
}
