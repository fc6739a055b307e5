import CloudKitWeb
import GRDB

/// The zone a request addresses, and the `zoneID` echoed on the records it answers with.
struct ResponseZone: Sendable {
    let name: String
    let zoneID: ZoneID

    init(store: EmulatorStore, zoneID: ZoneID?) {
        self.init(name: zoneID?.zoneName ?? ZoneID.defaultZoneName, owner: store.userRecordName)
    }

    init(name: String, owner: String) {
        self.name = name
        zoneID = ZoneID(zoneName: name, ownerRecordName: owner)
    }

    /// Whether the zone exists, and whether it is atomic.
    static func lookup(_ db: Database, name: String) throws -> (exists: Bool, atomic: Bool) {
        let statement = try db.cachedStatement(sql: "SELECT atomic FROM zone WHERE name = ?")
        guard let atomic = try Bool.fetchOne(statement, arguments: [name]) else { return (false, false) }
        return (true, atomic)
    }

    /// Throws request-level ZONE_NOT_FOUND unless the zone exists; answers whether it is atomic.
    @discardableResult
    func check(in db: Database, operation: String) throws -> Bool {
        let zone = try Self.lookup(db, name: name)
        guard zone.exists else {
            throw CloudKitError(.zoneNotFound, reason: "Zone '\(name)' does not exist", operation: operation)
        }
        return zone.atomic
    }

    /// The zone's sync token: the last change made in it.
    func syncToken(_ db: Database) throws -> String {
        let statement = try db.cachedStatement(sql: "SELECT max(change) FROM record WHERE zone = ?")
        let change = try Int64.fetchOne(statement, arguments: [name]) ?? 0
        return SyncToken(zone: name, change: change).encoded
    }
}
