import CloudKitWeb
import GRDB

/// The zone a request addresses, and the `zoneID` echoed on the records it answers with.
struct ResponseZone: Sendable {
    /// The zone's key in the store's tables: the store's namespace, then the zone name.
    let name: String
    /// The namespace of the database the zone belongs to (`EmulatorStore.namespace`).
    let namespace: String
    let zoneID: ZoneID
    /// Where the asset URLs of this zone's answers point (`EmulatorStore.assetBase`).
    var assetBase = EmulatorStore.localAssetBase

    /// The zone as clients name it.
    var zoneName: String { zoneID.zoneName }

    init(store: EmulatorStore, zoneID: ZoneID?) {
        self.init(
            zoneName: zoneID?.zoneName ?? ZoneID.defaultZoneName, namespace: store.namespace,
            owner: store.userRecordName)
        assetBase = store.assetBase
    }

    init(zoneName: String, namespace: String, owner: String) {
        name = namespace + zoneName
        self.namespace = namespace
        zoneID = ZoneID(zoneName: zoneName, ownerRecordName: owner)
    }

    /// Whether the zone exists, and whether it is atomic. `_defaultZone` exists in every
    /// namespace, with or without its row (the first migration wrote the row of the unscoped one).
    static func lookup(_ db: Database, name: String, zoneName: String) throws -> (exists: Bool, atomic: Bool) {
        let statement = try db.cachedStatement(sql: "SELECT atomic FROM zone WHERE name = ?")
        guard let atomic = try Bool.fetchOne(statement, arguments: [name]) else {
            return (zoneName == ZoneID.defaultZoneName, false)
        }
        return (true, atomic)
    }

    /// Throws request-level ZONE_NOT_FOUND unless the zone exists; answers whether it is atomic.
    @discardableResult
    func check(in db: Database, operation: String) throws -> Bool {
        let zone = try Self.lookup(db, name: name, zoneName: zoneName)
        guard zone.exists else {
            throw CloudKitError(.zoneNotFound, reason: "Zone '\(zoneName)' does not exist", operation: operation)
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
