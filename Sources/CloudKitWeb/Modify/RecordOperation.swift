/// One operation of a `records/modify` request: `{"operationType": "update", "record": {…}}`.
public struct RecordOperation: Hashable, Sendable, Codable {
    public var operationType: OperationType
    public var record: RecordDictionary
    /// Fields to echo back for this operation; overrides the request's `desiredKeys`.
    public var desiredKeys: [String]?

    public init(_ operationType: OperationType, record: RecordDictionary, desiredKeys: [String]? = nil) {
        self.operationType = operationType
        self.record = record
        self.desiredKeys = desiredKeys
    }
}
