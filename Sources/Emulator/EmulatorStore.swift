import CloudKitWeb
import Foundation
import GRDB
import Records

/// A CloudKit database in one SQLite file: the `local` remote, and the store behind `cksync serve`.
///
/// It executes the protocol's own values with CloudKit's semantics: a record per (zone, name) with
/// a new `recordChangeTag` on every write, CONFLICT on a stale tag, EXISTS and NOT_FOUND, the seven
/// modify operations, tombstones and a change sequence for `records/changes`, a development-style
/// schema fixed by the first write of each field, and the 200-operation and 200-result limits.
///
/// Zones: `_defaultZone` always exists and is not atomic (an `atomic` request has no effect there,
/// as in CloudKit). Custom zones exist once `createZone(_:)` made them; they are atomic. Any other
/// zone name answers ZONE_NOT_FOUND. Unlike CloudKit, `records/changes` works in every zone,
/// `_defaultZone` included, so the local remote can fetch incrementally.
///
/// Choices where the protocol is silent or unverified:
/// - `update` and `replace` without a `recordChangeTag` are a per-record BAD_REQUEST; `delete`
///   without one deletes unconditionally (Apple's delete steps list only `recordName`); a stale tag
///   is CONFLICT. A retried `forceDelete` answers NOT_FOUND (§11).
/// - A record name may appear in one operation per request; later ones are BAD_REQUEST.
/// - Change tags are short base-36 strings of the store-wide change sequence, so they never repeat.
/// - The schema is per record type, store-wide: the first write of a field fixes its type (unless
///   the store is held to a fixed schema, `holding(to:)`, as production is), a value
///   of another type is BAD_REQUEST naming the field, and untyped values take the schema's type.
/// - Assets (EmulatorStore+Assets.swift): `assets/upload` hands out upload URLs valid for 15
///   minutes; an upload over `CloudKitLimits.maxAssetBytes` is BAD_REQUEST; each distinct content is
///   stored once by its checksum (hex SHA-256). An ASSET/ASSETID field is saved with a receipt of
///   this database, or with a `fileChecksum` the store already holds (how an unchanged asset is sent
///   again); anything else is a per-record BAD_REQUEST naming the field. Answers carry `fileChecksum`,
///   `size` and a `downloadURL`. Asset fields cannot be filtered or sorted on, as in CloudKit.
/// - Queries need no index (§11's recordName-index rule is emulated only under a fixed schema,
///   `holding(to:)`, where a type whose `___recordID` is not QUERYABLE cannot be queried) and search only the
///   addressed zone (`zoneWide` is ignored). A record without the filtered field fails positive
///   comparators and passes their negations (NOT_EQUALS, NOT_IN, NOT_BEGINS_WITH, …).
/// - The file runs in WAL mode with `synchronous = NORMAL`: a killed process loses nothing it
///   was told was written; a power loss may lose the last transactions.
///
/// Safe to use from many tasks at once: reads and writes go through one serial `DatabaseQueue`,
/// and each request runs in one transaction. Safe to share between processes: a write waits up to
/// `busyTimeout` for another process's write transaction (SQLite's busy timeout).
package struct EmulatorStore: CloudKitDatabase {
    let queue: DatabaseQueue
    /// The `userRecordName` of `created` / `modified`, and the zone owner echoed in `zoneID`.
    package let userRecordName: String
    /// The `deviceID` of `created` / `modified`.
    package let deviceID: String
    /// The database of the file this store reads and writes: empty for the file's own (the local
    /// remote's), else `container/environment/database` and U+0001, prefixed to every zone and
    /// record type key, so many databases share one file without seeing each other's records.
    private(set) var namespace = ""
    /// The schema writes cannot extend, as in CloudKit's production environment; `nil` (the
    /// development environment's way) lets writes create record types and fields.
    private(set) var fixedSchema: FixedSchema?
    /// The URL that asset upload and download URLs start with: `localAssetBase` in process,
    /// the server's own address for `cksync serve` (`serving(assetsAt:)`).
    var assetBase = EmulatorStore.localAssetBase
    /// The wall clock that `created` and `modified` are stamped from: the system's in use, a test
    /// clock in tests, so that timestamps are known values rather than "some time after".
    let now: @Sendable () -> Date

    /// Opens the store at `path`, creating the file and its folder if needed, and migrates it.
    ///
    /// - Parameters:
    ///   - path: the SQLite file, e.g. `.cksync/local.sqlite`.
    ///   - userRecordName: written into `created` / `modified` of every record written.
    ///   - deviceID: written into `created` / `modified` of every record written.
    ///   - now: the date a write is stamped with; the system's clock by default.
    /// - Throws: the file-system error, or GRDB's `DatabaseError` for a file that is not a store.
    package init(
        path: String, userRecordName: String = "_cksync", deviceID: String = "cksync",
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.label = "cksync.emulator"
        // Several processes may share one file (two workspaces with one local remote, a server
        // and a tool): wait for another writer's transaction instead of failing with SQLITE_BUSY.
        // GRDB begins every write transaction IMMEDIATE, so a write never upgrades a read lock
        // (the one SQLITE_BUSY a timeout cannot absorb).
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.prepareDatabase { db in
            // WAL: commits need no fsync of the main file, so 500 small write transactions take
            // milliseconds each; durable against a crashed process, not against power loss.
            try Self.enableWAL(db)
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrate(queue)
        self.userRecordName = userRecordName
        self.deviceID = deviceID
        self.now = now
    }

    /// `records/modify`: applies the operations in order in one transaction.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for more than 200 operations (nothing applied),
    ///   ZONE_NOT_FOUND for an unknown request zone.
    package func modify(_ request: ModifyRequest) async throws -> ModifyResponse {
        guard request.operations.count <= CloudKitLimits.maxOperationsPerRequest else {
            throw CloudKitError.badRequest(
                "\(request.operations.count) operations in one request; at most \(CloudKitLimits.maxOperationsPerRequest)",
                operation: "records/modify")
        }
        let context = WriteContext(store: self, now: Self.milliseconds(since1970: now()))
        let records = try await queue.write { db in
            var executor = ModifyExecutor(db: db, context: context)
            return try executor.run(request)
        }
        return ModifyResponse(records: records)
    }

    /// `records/query`: one page of records of one type, by record name unless sorted.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for a record type never written ("Did not find record
    ///   type: X"), a foreign or malformed marker, an unsupported comparator, or a filter or sort on
    ///   a field the type does not have; ZONE_NOT_FOUND for an unknown zone.
    package func query(_ request: QueryRequest) async throws -> QueryResponse {
        let zone = ResponseZone(store: self, zoneID: request.zoneID)
        return try await queue.read { db in
            try QueryExecutor(db: db, zone: zone, request: request, fixedSchema: fixedSchema).run()
        }
    }

    /// `records/lookup`: each name's record, or a NOT_FOUND error in its place.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for more than 200 names, ZONE_NOT_FOUND for an
    ///   unknown zone.
    package func lookup(_ request: LookupRequest) async throws -> LookupResponse {
        guard request.records.count <= CloudKitLimits.maxRecordsPerLookup else {
            throw CloudKitError.badRequest(
                "\(request.records.count) records in one lookup; at most \(CloudKitLimits.maxRecordsPerLookup)",
                operation: "records/lookup")
        }
        let zone = ResponseZone(store: self, zoneID: request.zoneID)
        return try await queue.read { db in
            try zone.check(in: db, operation: "records/lookup")
            let numbersAsStrings = request.numbersAsStrings ?? false
            var results: [RecordResult] = []
            results.reserveCapacity(request.records.count)
            for entry in request.records {
                if let problem = RecordNameRules.problem(with: entry.recordName) {
                    let reason = "invalid recordName \(entry.recordName.debugDescription): it \(problem)"
                    results.append(
                        .error(RecordError(recordName: entry.recordName, serverErrorCode: .badRequest, reason: reason)))
                    continue
                }
                guard let stored = try StoredRecord.fetch(db, zone: zone.name, name: entry.recordName),
                    stored.isLive
                else {
                    results.append(
                        .error(
                            RecordError(
                                recordName: entry.recordName, serverErrorCode: .notFound,
                                reason: "Record not found")))
                    continue
                }
                let keys = entry.desiredKeys ?? request.desiredKeys
                results.append(
                    .record(try stored.dictionary(zone: zone, desiredKeys: keys, numbersAsStrings: numbersAsStrings)))
            }
            return LookupResponse(records: results)
        }
    }

    /// `records/changes`: records written or deleted in the zone since `syncToken`, oldest first.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for a token that is malformed or from another zone,
    ///   ZONE_NOT_FOUND for an unknown zone.
    package func changes(_ request: ChangesRequest) async throws -> ChangesResponse {
        let zone = ResponseZone(store: self, zoneID: request.zoneID)
        return try await queue.read { db in
            try ChangesExecutor(db: db, zone: zone, request: request).run()
        }
    }

    /// `zones/list`: `_defaultZone` and the custom zones, each with its current sync token.
    package func listZones() async throws -> ZoneListResponse {
        try await queue.read { db in try zoneList(db) }
    }

    /// The same file seen as the database `database` addresses: its own zones, records, schema
    /// and sync tokens, apart from every other database's (`cksync serve --data FILE`). The change
    /// counter stays shared, so change tags never repeat within the file.
    package func scoped(to database: DatabasePath) -> EmulatorStore {
        var store = self
        store.namespace = database.description + "\u{1}"
        return store
    }

    /// The same store held to `schema`, as CloudKit's production environment holds a database to
    /// its deployed schema: a write of a record type or field the schema lacks is a per-record
    /// BAD_REQUEST ("Cannot create new type X in production schema"), a query of a type whose
    /// `___recordID` is not QUERYABLE a request-level one, and a type in the schema with no
    /// records yet answers queries with no records.
    package func holding(to schema: CloudKitSchema) -> EmulatorStore {
        var store = self
        store.fixedSchema = FixedSchema(schema)
        return store
    }

    /// The first key past every key of `namespace` (which ends in U+0001).
    static func namespaceEnd(_ namespace: String) -> String {
        String(namespace.dropLast()) + "\u{2}"
    }

    /// How long a write waits for another connection's write transaction to end.
    static let busyTimeout: TimeInterval = 60

    /// Puts the file in WAL mode, which it keeps. On a new file another process may be doing the
    /// same: switching needs the file to itself, and SQLite answers SQLITE_BUSY at once instead of
    /// calling the busy handler, so the switch is tried again for up to the busy timeout.
    private static func enableWAL(_ db: Database) throws {
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() != "wal" else { return }
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try db.execute(sql: "PRAGMA journal_mode = WAL")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(10_000)
            }
        }
    }

    /// Runs the migrations, again when another process migrated the file meanwhile. GRDB reads
    /// which migrations are applied outside the transaction that applies one, so two processes
    /// opening a new file at once both set out to create its tables, and the later fails on a
    /// table the other just made; migrating again then finds that migration applied. Each
    /// attempt applies at least the migration the other process committed, so a few suffice.
    private static func migrate(_ queue: DatabaseQueue) throws {
        var attempt = 1
        while true {
            do {
                return try migrator.migrate(queue)
            } catch is DatabaseError where attempt < 4 {
                attempt += 1
            }
        }
    }

    static func milliseconds(since1970 date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
