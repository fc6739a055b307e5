/// One page of a query's results; `continuationMarker` is present exactly when more records remain.
package struct QueryResponse: Hashable, Sendable, Codable {
    package var records: [RecordDictionary]
    package var continuationMarker: String?

    package init(records: [RecordDictionary], continuationMarker: String? = nil) {
        self.records = records
        self.continuationMarker = continuationMarker
    }
}
