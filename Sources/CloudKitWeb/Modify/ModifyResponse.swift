/// The answer to `records/modify`: one result per operation, in the operations' order.
public struct ModifyResponse: Hashable, Sendable, Codable {
    public var records: [RecordResult]

    public init(records: [RecordResult]) { self.records = records }
}
