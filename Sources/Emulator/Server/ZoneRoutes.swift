import CloudKitWeb
import Foundation
import Hummingbird

/// `zones/list` (GET, as Apple documents it, and POST), `zones/lookup`, and `zones/modify`
/// (creating custom zones in the private database; deleting zones is not supported).
struct ZoneRoutes: Sendable {
    let stores: ServerStores

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("zones/list", use: list)
        group.post("zones/list", use: list)
        group.post("zones/lookup", use: lookup)
        group.post("zones/modify", use: modify)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let database = try context.requireDatabase()
        return try JSONResponse.make(try await zones(of: database))
    }

    @Sendable func lookup(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(ZonesRequest.self, from: request, operation: "zones/lookup")
        let database = try context.requireDatabase()
        let existing = try await zones(of: database).zones
        let results = body.zones.map { zoneID in
            existing.first { $0.zoneID.zoneName == zoneID.zoneName }.map(ZoneResult.zone)
                ?? .error(
                    ZoneError(zoneID: zoneID, code: .zoneNotFound, reason: "Zone '\(zoneID.zoneName)' does not exist"))
        }
        return try JSONResponse.make(ZoneResults(zones: results))
    }

    @Sendable func modify(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(ZoneModifyRequest.self, from: request, operation: "zones/modify")
        let database = try context.requireDatabase()
        guard database.database == .private else {
            throw CloudKitHTTPError(.badRequest, "zones/modify: custom zones exist only in the private database")
        }
        guard body.operations.count <= CloudKitLimits.maxOperationsPerRequest else {
            throw CloudKitHTTPError(.badRequest, "zones/modify: \(body.operations.count) operations; at most 200")
        }
        let store = try stores.store(for: database)
        let results = body.operations.map { operation -> ZoneResult in
            let zoneID = operation.zone.zoneID
            guard operation.operationType == "create" else {
                return .error(
                    ZoneError(
                        zoneID: zoneID, code: .badRequest,
                        reason: "zones/modify \(operation.operationType) is not supported by cksync serve"))
            }
            do {
                return .zone(try store.createZone(zoneID.zoneName))
            } catch let error as CloudKitError {
                return .error(ZoneError(zoneID: zoneID, code: error.serverErrorCode, reason: error.reason ?? ""))
            } catch {
                return .error(ZoneError(zoneID: zoneID, code: .internalError, reason: "internal error"))
            }
        }
        return try JSONResponse.make(ZoneResults(zones: results))
    }

    /// The public database shows only `_defaultZone`, even when its store is shared.
    private func zones(of database: DatabasePath) async throws -> ZoneListResponse {
        var list = try await stores.store(for: database).listZones()
        if database.database == .public { list.zones = list.zones.filter { $0.zoneID.isDefaultZone } }
        return list
    }
}

/// `{"zones": [{"zoneName": …}, …]}`: the body of `zones/lookup`.
private struct ZonesRequest: Decodable {
    var zones: [ZoneID]
}

/// The body of `zones/modify`.
private struct ZoneModifyRequest: Decodable {
    struct Operation: Decodable {
        struct Zone: Decodable { var zoneID: ZoneID }
        var operationType: String
        var zone: Zone
    }
    var operations: [Operation]
}

/// `{"zones": [zone-or-error, …]}`.
private struct ZoneResults: Encodable {
    var zones: [ZoneResult]
}

private enum ZoneResult: Encodable {
    case zone(ZoneDictionary)
    case error(ZoneError)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .zone(let zone): try zone.encode(to: encoder)
        case .error(let error): try error.encode(to: encoder)
        }
    }
}

/// A zone fetch error dictionary: the zone id plus CloudKit's error keys.
private struct ZoneError: Encodable {
    var zoneID: ZoneID
    var serverErrorCode: ServerErrorCode
    var reason: String
    var uuid = UUID().uuidString

    init(zoneID: ZoneID, code: ServerErrorCode, reason: String) {
        self.zoneID = zoneID
        serverErrorCode = code
        self.reason = reason
    }
}
