import CloudKitWeb
import GRDB
import Records

extension EmulatorStore {
    /// Creates a custom zone (what `zones/modify` `create` does in a private database). Custom zones
    /// are atomic: an `atomic: true` modify request is all-or-nothing there.
    ///
    /// - Throws: `CloudKitError` EXISTS if the zone exists, BAD_REQUEST for an empty name.
    @discardableResult
    package func createZone(_ zoneName: String) throws -> ZoneDictionary {
        let zone = ResponseZone(zoneName: zoneName, namespace: namespace, owner: userRecordName)
        return try queue.write { db in
            guard !zoneName.isEmpty else {
                throw CloudKitError.badRequest("empty zone name", operation: "zones/modify")
            }
            // A control character could forge another database's namespace (`namespace`).
            guard !zoneName.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw CloudKitError.badRequest("zone name has a control character", operation: "zones/modify")
            }
            guard try !ResponseZone.lookup(db, name: zone.name, zoneName: zoneName).exists else {
                throw CloudKitError(.exists, reason: "Zone '\(zoneName)' already exists", operation: "zones/modify")
            }
            try db.execute(sql: "INSERT INTO zone (name, atomic) VALUES (?, 1)", arguments: [zone.name])
            return ZoneDictionary(zoneID: zone.zoneID, syncToken: try zone.syncToken(db), atomic: true)
        }
    }

    func zoneList(_ db: Database) throws -> ZoneListResponse {
        // This namespace's rows: the unscoped store's have no separator, a scoped store's start with it.
        let rows =
            namespace.isEmpty
            ? try Row.fetchAll(
                db, sql: "SELECT name, atomic FROM zone WHERE instr(name, char(1)) = 0 ORDER BY name")
            : try Row.fetchAll(
                db, sql: "SELECT name, atomic FROM zone WHERE name > ? AND name < ? ORDER BY name",
                arguments: [namespace, Self.namespaceEnd(namespace)])
        var zones: [(name: String, atomic: Bool)] = rows.map { row in
            (String((row[0] as String).dropFirst(namespace.count)), row[1])
        }
        if !zones.contains(where: { $0.name == ZoneID.defaultZoneName }) {
            zones.append((ZoneID.defaultZoneName, false))
        }
        return ZoneListResponse(
            zones: try zones.sorted { $0.name < $1.name }.map { entry in
                let zone = ResponseZone(zoneName: entry.name, namespace: namespace, owner: userRecordName)
                return ZoneDictionary(zoneID: zone.zoneID, syncToken: try zone.syncToken(db), atomic: entry.atomic)
            })
    }

    /// Every live record of `zone`, ordered by record name, with all fields and server state.
    ///
    /// - Throws: `CloudKitError` ZONE_NOT_FOUND for an unknown zone.
    package func allRecords(zone zoneName: String = ZoneID.defaultZoneName) throws -> [RecordDictionary] {
        var zone = ResponseZone(zoneName: zoneName, namespace: namespace, owner: userRecordName)
        zone.assetBase = assetBase
        return try queue.read { db in
            try zone.check(in: db, operation: "allRecords")
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(StoredRecord.columns) FROM record WHERE zone = ? AND body IS NOT NULL ORDER BY name",
                arguments: [zone.name])
            var records: [RecordDictionary] = []
            while let row = try rows.next() {
                records.append(
                    try StoredRecord(row: row).dictionary(zone: zone, desiredKeys: nil, numbersAsStrings: false))
            }
            return records
        }
    }

    /// The number of live records in every zone of every database in the file (tombstones not counted).
    package func recordCount() throws -> Int {
        try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE body IS NOT NULL") ?? 0
        }
    }

    /// The schema of `recordType`: each field's type, fixed by its first write; `nil` for a type
    /// never written.
    package func fieldTypes(of recordType: String) throws -> [String: FieldType]? {
        try queue.read { db in
            var cache = SchemaCache(namespace: namespace, fixed: fixedSchema)
            return try cache.fieldTypes(of: recordType, in: db)
        }
    }
}
