import CloudKitWeb
import Foundation
import GRDB

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
/// Safe to use from many tasks at once: reads and writes go through one serial `DatabaseQueue`,
/// and each request runs in one transaction.
public struct EmulatorStore: CloudKitDatabase {
    let queue: DatabaseQueue
    /// The `userRecordName` of `created` / `modified`, and the zone owner echoed in `zoneID`.
    public let userRecordName: String
    /// The `deviceID` of `created` / `modified`.
    public let deviceID: String

    /// Opens the store at `path`, creating the file and its folder if needed, and migrates it.
    ///
    /// - Parameters:
    ///   - path: the SQLite file, e.g. `.cksync/local.sqlite`.
    ///   - userRecordName: written into `created` / `modified` of every record written.
    ///   - deviceID: written into `created` / `modified` of every record written.
    /// - Throws: the file-system error, or GRDB's `DatabaseError` for a file that is not a store.
    public init(path: String, userRecordName: String = "_cksync", deviceID: String = "cksync") throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.label = "cksync.emulator"
        configuration.prepareDatabase { db in
            // WAL: commits need no fsync of the main file, so 500 small write transactions take
            // milliseconds each; durable against a crashed process, not against power loss.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(queue)
        self.userRecordName = userRecordName
        self.deviceID = deviceID
    }

    /// `records/modify`: applies the operations in order in one transaction.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for more than 200 operations (nothing applied),
    ///   ZONE_NOT_FOUND for an unknown request zone.
    public func modify(_ request: ModifyRequest) async throws -> ModifyResponse {
        guard request.operations.count <= CloudKitLimits.maxOperationsPerRequest else {
            throw CloudKitError.badRequest(
                "\(request.operations.count) operations in one request; at most \(CloudKitLimits.maxOperationsPerRequest)",
                operation: "records/modify")
        }
        let context = WriteContext(store: self, now: Self.nowMilliseconds())
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
    public func query(_ request: QueryRequest) async throws -> QueryResponse {
        let zone = ResponseZone(store: self, zoneID: request.zoneID)
        return try await queue.read { db in
            try QueryExecutor(db: db, zone: zone, request: request).run()
        }
    }

    /// `records/lookup`: each name's record, or a NOT_FOUND error in its place.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for more than 200 names, ZONE_NOT_FOUND for an
    ///   unknown zone.
    public func lookup(_ request: LookupRequest) async throws -> LookupResponse {
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
                guard let stored = try StoredRecord.fetch(db, zone: zone.name, name: entry.recordName),
                    stored.record != nil
                else {
                    results.append(
                        .error(
                            RecordError(
                                recordName: entry.recordName, serverErrorCode: .notFound,
                                reason: "Record not found")))
                    continue
                }
                let keys = entry.desiredKeys ?? request.desiredKeys
                results.append(.record(try stored.dictionary(zone: zone, desiredKeys: keys, numbersAsStrings: numbersAsStrings)))
            }
            return LookupResponse(records: results)
        }
    }

    /// `records/changes`: records written or deleted in the zone since `syncToken`, oldest first.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for a token that is malformed or from another zone,
    ///   ZONE_NOT_FOUND for an unknown zone.
    public func changes(_ request: ChangesRequest) async throws -> ChangesResponse {
        let zone = ResponseZone(store: self, zoneID: request.zoneID)
        return try await queue.read { db in
            try ChangesExecutor(db: db, zone: zone, request: request).run()
        }
    }

    /// `zones/list`: `_defaultZone` and the custom zones, each with its current sync token.
    public func listZones() async throws -> ZoneListResponse {
        try await queue.read { db in try zoneList(db) }
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
