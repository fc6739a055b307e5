import CloudKitWeb
import Hummingbird

/// `records/query`, `records/lookup`, `records/modify`, `records/changes`: the body decoded into
/// the protocol's values, handed to the database's store, the answer encoded as CloudKit's.
struct RecordRoutes: Sendable {
    let stores: ServerStores

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("records/query", use: query)
        group.post("records/lookup", use: lookup)
        group.post("records/modify", use: modify)
        group.post("records/changes", use: changes)
    }

    @Sendable func query(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(QueryRequest.self, from: request, operation: "records/query")
        let database = try context.requireDatabase()
        try database.checkZone(body.zoneID)
        return JSONResponse.make(
            bytes: try await stores.store(for: database, answering: request).query(body).jsonBytes())
    }

    @Sendable func lookup(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(LookupRequest.self, from: request, operation: "records/lookup")
        guard body.records.count <= CloudKitLimits.maxRecordsPerLookup else {
            throw CloudKitHTTPError(
                .badRequest,
                "records/lookup: \(body.records.count) records in one request; at most \(CloudKitLimits.maxRecordsPerLookup)"
            )
        }
        let database = try context.requireDatabase()
        try database.checkZone(body.zoneID)
        return try JSONResponse.make(try await stores.store(for: database, answering: request).lookup(body))
    }

    @Sendable func modify(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await RequestBody.read(
            from: request, operation: "records/modify", with: ModifyRequest.init(json:))
        guard body.operations.count <= CloudKitLimits.maxOperationsPerRequest else {
            throw CloudKitHTTPError(
                .badRequest,
                "records/modify: \(body.operations.count) operations in one request; at most \(CloudKitLimits.maxOperationsPerRequest)"
            )
        }
        let database = try context.requireDatabase()
        try database.checkZone(body.zoneID)
        return JSONResponse.make(
            bytes: try await stores.store(for: database, answering: request).modify(body).jsonBytes())
    }

    /// As in CloudKit: custom zones of the private and shared databases only.
    @Sendable func changes(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(ChangesRequest.self, from: request, operation: "records/changes")
        let database = try context.requireDatabase()
        guard database.database != .public else {
            throw CloudKitHTTPError(.badRequest, "records/changes is not supported in the public database")
        }
        guard !body.zoneID.isDefaultZone else {
            throw CloudKitHTTPError(.badRequest, "Fetching record changes is supported only for custom zones")
        }
        return try JSONResponse.make(try await stores.store(for: database, answering: request).changes(body))
    }
}

extension ServerRequestContext {
    func requireDatabase() throws -> DatabasePath {
        guard let database else { throw CloudKitHTTPError(.internalError, "no database for this route") }
        return database
    }
}

extension DatabasePath {
    /// The public database has only `_defaultZone`: any other zone is ZONE_NOT_FOUND there.
    func checkZone(_ zoneID: ZoneID?) throws {
        if database == .public, let zoneID, !zoneID.isDefaultZone {
            throw CloudKitHTTPError(.zoneNotFound, "Zone '\(zoneID.zoneName)' does not exist in the public database")
        }
    }
}
