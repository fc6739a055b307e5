/// One operation of a `records/modify` request: `{"operationType": "update", "record": {…}}`.
package struct RecordOperation: Hashable, Sendable, Codable {
    package var operationType: OperationType
    package var record: RecordDictionary
    /// Fields to echo back for this operation; overrides the request's `desiredKeys`.
    package var desiredKeys: [String]?

    package init(_ operationType: OperationType, record: RecordDictionary, desiredKeys: [String]? = nil) {
        self.operationType = operationType
        self.record = record
        self.desiredKeys = desiredKeys
    }
}
