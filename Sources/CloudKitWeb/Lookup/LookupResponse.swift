/// The answer to `records/lookup`: one record or error (NOT_FOUND for a missing record) per name,
/// in the request's order.
package struct LookupResponse: Hashable, Sendable, Codable {
    package var records: [RecordResult]

    package init(records: [RecordResult]) { self.records = records }
}
