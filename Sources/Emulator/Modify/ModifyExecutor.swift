import CloudKitWeb
import Foundation
import GRDB
import Records

/// Applies one `records/modify` request inside its write transaction.
///
/// Operations run in order; each either writes or fails on its own (per-record error), except in an
/// atomic zone with `atomic: true`, where one failure rolls every write back and the operations
/// that had succeeded report ATOMIC_ERROR.
struct ModifyExecutor {
    let db: Database
    let context: WriteContext
    private var schema: SchemaCache
    /// The last change sequence number used; written back to `counter` at the end.
    private var change: Int64 = 0
    /// Whether each zone named so far exists.
    private var zones: [String: Bool] = [:]
    private var seen: Set<String> = []

    init(db: Database, context: WriteContext) {
        self.db = db
        self.context = context
        schema = SchemaCache(namespace: context.namespace, fixed: context.fixedSchema)
    }

    mutating func run(_ request: ModifyRequest) throws -> [RecordResult] {
        let zone = ResponseZone(
            zoneName: request.zoneID?.zoneName ?? ZoneID.defaultZoneName, namespace: context.namespace,
            owner: context.userRecordName)
        let atomicZone = try zone.check(in: db, operation: "records/modify")
        zones[zone.name] = true
        change = try Int64.fetchOne(db, sql: "SELECT value FROM counter WHERE name = 'change'") ?? 0
        let options = Options(
            desiredKeys: request.desiredKeys, numbersAsStrings: request.numbersAsStrings ?? false)

        guard atomicZone && request.atomic == true else {
            let results = try apply(request.operations, zone: zone, options: options)
            try saveCounter()
            return results
        }
        var results: [RecordResult] = []
        try db.inSavepoint {
            results = try apply(request.operations, zone: zone, options: options)
            guard results.contains(where: { $0.error != nil }) else {
                try saveCounter()
                return .commit
            }
            return .rollback
        }
        guard results.contains(where: { $0.error != nil }) else { return results }
        return results.map { result in
            guard case .record(let record) = result else { return result }
            return .error(
                RecordError(
                    recordName: record.recordName, serverErrorCode: .atomicError,
                    reason: "an atomic batch operation failed"))
        }
    }

    private struct Options {
        var desiredKeys: [String]?
        var numbersAsStrings: Bool
    }

    private mutating func apply(
        _ operations: [RecordOperation], zone: ResponseZone, options: Options
    ) throws -> [RecordResult] {
        var results: [RecordResult] = []
        results.reserveCapacity(operations.count)
        for operation in operations {
            do {
                results.append(.record(try apply(operation, requestZone: zone, options: options)))
            } catch let error as CloudKitError where error.httpStatus != 500 {
                results.append(
                    .error(
                        RecordError(
                            recordName: error.recordName ?? operation.record.recordName,
                            serverErrorCode: error.serverErrorCode, reason: error.reason, uuid: error.uuid)))
            }
        }
        return results
    }

    private mutating func saveCounter() throws {
        try db.cachedStatement(sql: "UPDATE counter SET value = ? WHERE name = 'change'").execute(arguments: [change])
    }

    /// One operation: the record it leaves (a deletion for deletes), or a thrown per-record error.
    private mutating func apply(
        _ operation: RecordOperation, requestZone: ResponseZone, options: Options
    ) throws -> RecordDictionary {
        var wire = operation.record
        let kind = operation.operationType
        func failure(_ code: ServerErrorCode, _ reason: String, type: String? = wire.recordType) -> CloudKitError {
            CloudKitError(code, reason: reason, recordType: type, recordName: wire.recordName)
        }

        let zone =
            wire.zoneID.map {
                ResponseZone(zoneName: $0.zoneName, namespace: context.namespace, owner: context.userRecordName)
            } ?? requestZone
        if zones[zone.name] == nil {
            zones[zone.name] = try ResponseZone.lookup(db, name: zone.name, zoneName: zone.zoneName).exists
        }
        guard zones[zone.name] == true else {
            throw failure(.zoneNotFound, "Zone '\(zone.zoneName)' does not exist")
        }
        if wire.recordName.isEmpty {
            guard kind == .create else { throw failure(.badRequest, "missing recordName for \(kind.rawValue)") }
            wire.recordName = UUID().uuidString
        }
        // The reader's own rules: a NUL would otherwise cut the name short in SQLite.
        if let problem = RecordNameRules.problem(with: wire.recordName) {
            throw failure(.badRequest, "invalid recordName \(wire.recordName.debugDescription): it \(problem)")
        }
        if let type = wire.recordType, let problem = RecordNameRules.typeProblem(with: type) {
            throw failure(.badRequest, "recordType \(type.debugDescription) \(problem)")
        }
        guard seen.insert(zone.name + "\u{0}" + wire.recordName).inserted else {
            throw failure(.badRequest, "record appears in more than one operation of this request")
        }

        let merges = kind == .update || kind == .forceUpdate
        let stored = try StoredRecord.fetch(db, zone: zone.name, name: wire.recordName, decodingFields: merges)
        let live = stored?.isLive == true ? stored : nil
        let recordType = live?.type ?? wire.recordType

        switch kind {
        case .create:
            if live != nil { throw failure(.exists, "record to insert already exists", type: recordType) }
        case .update, .replace:
            guard let live else { throw failure(.notFound, "record to \(kind.rawValue) not found") }
            guard let tag = wire.recordChangeTag else {
                throw failure(.badRequest, "\(kind.rawValue) needs the record's recordChangeTag", type: live.type)
            }
            guard tag == live.tag else {
                throw failure(.conflict, "record to \(kind.rawValue) has been modified", type: live.type)
            }
        case .delete:
            guard let live else { throw failure(.notFound, "record to delete not found") }
            if let tag = wire.recordChangeTag, tag != live.tag {
                throw failure(.conflict, "record to delete has been modified", type: live.type)
            }
        case .forceDelete:
            guard live != nil else { throw failure(.notFound, "record to delete not found") }
        case .forceUpdate, .forceReplace:
            break
        }
        if let live, let type = wire.recordType, type != live.type {
            throw failure(.badRequest, "record is of type '\(live.type)', not '\(type)'", type: live.type)
        }
        guard let recordType, !recordType.isEmpty else {
            throw failure(.badRequest, "missing recordType for \(kind.rawValue) of a new record")
        }

        change += 1
        let tag = String(change, radix: 36)
        if kind.isDelete {
            try db.cachedStatement(
                sql: """
                    UPDATE record SET body = NULL, assets = NULL, tag = ?, modified_at = ?, modified_user = ?, modified_device = ?,
                    change = ? WHERE zone = ? AND name = ?
                    """
            ).execute(arguments: [
                tag, context.now, context.userRecordName, context.deviceID, change, zone.name, wire.recordName,
            ])
            return .deletion(wire.recordName)
        }

        let read = try schema.values(
            of: wire, recordType: recordType, in: db, assets: AssetResolver(db: db, namespace: context.namespace))
        var fields = read.values
        var assets = read.assets
        if merges, let live {
            if let old = live.record?.fields { fields = old.merging(fields) { _, new in new } }
            assets = live.assets.merging(assets) { _, new in new }
        }
        let record = Records.Record(type: recordType, name: wire.recordName, fields: fields)
        let created = live?.created ?? context.timestamp
        let modified = context.timestamp
        try db.cachedStatement(
            sql: """
                INSERT INTO record (zone, name, type, body, tag, created_at, created_user, created_device,
                    modified_at, modified_user, modified_device, change, assets)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (zone, name) DO UPDATE SET type = excluded.type, body = excluded.body,
                    tag = excluded.tag, created_at = excluded.created_at, created_user = excluded.created_user,
                    created_device = excluded.created_device, modified_at = excluded.modified_at,
                    modified_user = excluded.modified_user, modified_device = excluded.modified_device,
                    change = excluded.change, assets = excluded.assets
                """
        ).execute(arguments: [
            zone.name, wire.recordName, recordType, Data(CanonicalJSON.encode(record)), tag, created.timestamp,
            created.userRecordName ?? "", created.deviceID ?? "", modified.timestamp, modified.userRecordName ?? "",
            modified.deviceID ?? "", change, try StoredAssetField.column(assets),
        ])
        var responseZone = zone
        responseZone.assetBase = context.assetBase
        return StoredRecord.dictionary(
            of: record, assets: assets, tag: tag, created: created, modified: modified, zone: responseZone,
            desiredKeys: operation.desiredKeys ?? options.desiredKeys, numbersAsStrings: options.numbersAsStrings)
    }
}
