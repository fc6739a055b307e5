/// A CloudKit database, zone-scoped requests and all: the seam between sync and its remotes.
///
/// The embedded SQLite store and the HTTP client both conform and take and give exactly the
/// protocol's values. Request-level failures throw `CloudKitError`; per-record failures come back
/// inside the responses as `RecordResult.error`, as on the wire.
public protocol CloudKitDatabase: Sendable {
    /// `records/query`: one page of records of one type.
    func query(_ request: QueryRequest) async throws -> QueryResponse
    /// `records/lookup`: records by name.
    func lookup(_ request: LookupRequest) async throws -> LookupResponse
    /// `records/modify`: create, update, replace and delete records.
    func modify(_ request: ModifyRequest) async throws -> ModifyResponse
    /// `records/changes`: what changed in a zone since a sync token.
    func changes(_ request: ChangesRequest) async throws -> ChangesResponse
    /// `zones/list`: every zone with its sync token.
    func listZones() async throws -> ZoneListResponse
}
