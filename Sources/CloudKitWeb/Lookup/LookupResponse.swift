/// The answer to `records/lookup`: one record or error (NOT_FOUND for a missing record) per name,
/// in the request's order.
public struct LookupResponse: Hashable, Sendable, Codable {
    public var records: [RecordResult]

    public init(records: [RecordResult]) { self.records = records }
}
