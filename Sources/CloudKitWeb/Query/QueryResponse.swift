/// One page of a query's results; `continuationMarker` is present exactly when more records remain.
public struct QueryResponse: Hashable, Sendable, Codable {
    public var records: [RecordDictionary]
    public var continuationMarker: String?

    public init(records: [RecordDictionary], continuationMarker: String? = nil) {
        self.records = records
        self.continuationMarker = continuationMarker
    }
}
