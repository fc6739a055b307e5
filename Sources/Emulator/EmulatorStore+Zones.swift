import CloudKitWeb
import GRDB
import Records

extension EmulatorStore {
    /// Creates a custom zone (what `zones/modify` `create` does in a private database). Custom zones
    /// are atomic: an `atomic: true` modify request is all-or-nothing there.
    ///
    /// - Throws: `CloudKitError` EXISTS if the zone exists, BAD_REQUEST for an empty name.
    @discardableResult
    public func createZone(_ zoneName: String) throws -> ZoneDictionary {
        let zone = ResponseZone(name: zoneName, owner: userRecordName)
        return try queue.write { db in
            guard !zoneName.isEmpty else {
                throw CloudKitError.badRequest("empty zone name", operation: "zones/modify")
            }
            guard try !ResponseZone.lookup(db, name: zoneName).exists else {
                throw CloudKitError(.exists, reason: "Zone '\(zoneName)' already exists", operation: "zones/modify")
            }
            try db.execute(sql: "INSERT INTO zone (name, atomic) VALUES (?, 1)", arguments: [zoneName])
            return ZoneDictionary(zoneID: zone.zoneID, syncToken: try zone.syncToken(db), atomic: true)
        }
    }

    func zoneList(_ db: Database) throws -> ZoneListResponse {
        let rows = try Row.fetchAll(db, sql: "SELECT name, atomic FROM zone ORDER BY name")
        return ZoneListResponse(
            zones: try rows.map { row in
                let zone = ResponseZone(name: row[0], owner: userRecordName)
                return ZoneDictionary(zoneID: zone.zoneID, syncToken: try zone.syncToken(db), atomic: row[1])
            })
    }

    /// Every live record of `zone`, ordered by record name, with all fields and server state.
    ///
    /// - Throws: `CloudKitError` ZONE_NOT_FOUND for an unknown zone.
    public func allRecords(zone zoneName: String = ZoneID.defaultZoneName) throws -> [RecordDictionary] {
        let zone = ResponseZone(name: zoneName, owner: userRecordName)
        return try queue.read { db in
            try zone.check(in: db, operation: "allRecords")
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(StoredRecord.columns) FROM record WHERE zone = ? AND body IS NOT NULL ORDER BY name",
                arguments: [zoneName])
            var records: [RecordDictionary] = []
            while let row = try rows.next() {
                records.append(
                    try StoredRecord(row: row).dictionary(zone: zone, desiredKeys: nil, numbersAsStrings: false))
            }
            return records
        }
    }

    /// The number of live records in every zone (tombstones not counted).
    public func recordCount() throws -> Int {
        try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE body IS NOT NULL") ?? 0
        }
    }

    /// The schema of `recordType`: each field's type, fixed by its first write; `nil` for a type
    /// never written.
    public func fieldTypes(of recordType: String) throws -> [String: FieldType]? {
        try queue.read { db in
            var cache = SchemaCache()
            return try cache.fieldTypes(of: recordType, in: db)
        }
    }
}
