/// A CloudKit database, zone-scoped requests and all: the seam between sync and its remotes.
///
/// The embedded SQLite store and the HTTP client both conform and take and give exactly the
/// protocol's values. Request-level failures throw `CloudKitError`; per-record failures come back
/// inside the responses as `RecordResult.error`, as on the wire.
package protocol CloudKitDatabase: Sendable {
    /// `records/query`: one page of records of one type.
    func query(_ request: QueryRequest) async throws -> QueryResponse
    /// Every page of a query, in order, following continuation markers from `request` on.
    /// The HTTP client asks for the next page before it hands `page` the current one.
    func queryPages(_ request: QueryRequest, _ page: (QueryResponse) async throws -> Void) async throws
    /// `records/lookup`: records by name.
    func lookup(_ request: LookupRequest) async throws -> LookupResponse
    /// `records/modify`: create, update, replace and delete records.
    func modify(_ request: ModifyRequest) async throws -> ModifyResponse
    /// `records/changes`: what changed in a zone since a sync token.
    func changes(_ request: ChangesRequest) async throws -> ChangesResponse
    /// `zones/list`: every zone with its sync token.
    func listZones() async throws -> ZoneListResponse
}

extension CloudKitDatabase {
    /// One page after the other.
    package func queryPages(_ request: QueryRequest, _ page: (QueryResponse) async throws -> Void) async throws {
        var request = request
        repeat {
            let response = try await query(request)
            request.continuationMarker = response.continuationMarker
            try await page(response)
        } while request.continuationMarker != nil
    }
}
