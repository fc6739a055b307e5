/// The answer to `records/modify`: one result per operation, in the operations' order.
package struct ModifyResponse: Hashable, Sendable, Codable {
    package var records: [RecordResult]

    package init(records: [RecordResult]) { self.records = records }
}
