import CloudKitWeb
import Emulator
import Foundation
import Records

/// A store on a real SQLite file in a fresh UUID-named directory, removed after `body`.
func withStore<T>(
    now: @escaping @Sendable () -> Date = { Date() }, _ body: (EmulatorStore, String) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("EmulatorTests-" + UUID().uuidString)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent(".cksync/local.sqlite").path
    return try await body(try EmulatorStore(path: path, now: now), path)
}

/// A store as above, for tests that need only the store.
func withStore<T>(
    now: @escaping @Sendable () -> Date = { Date() }, _ body: (EmulatorStore) async throws -> T
) async throws -> T {
    try await withStore(now: now) { store, _ in try await body(store) }
}

/// A record dictionary with typed fields.
func record(
    _ name: String, type: String? = "Airport", tag: String? = nil, _ fields: [String: FieldValue] = [:]
) -> RecordDictionary {
    RecordDictionary(
        recordName: name, recordType: type, recordChangeTag: tag, fields: fields.mapValues { FieldDictionary($0) })
}

extension EmulatorStore {
    /// Runs operations of one kind over `records`.
    func apply(
        _ kind: OperationType, _ records: [RecordDictionary], atomic: Bool? = nil, zone: String? = nil,
        desiredKeys: [String]? = nil
    ) async throws -> [RecordResult] {
        try await modify(
            ModifyRequest(
                operations: records.map { RecordOperation(kind, record: $0) },
                zoneID: zone.map { ZoneID(zoneName: $0) }, atomic: atomic, desiredKeys: desiredKeys)
        ).records
    }

    /// One operation; its single result.
    func apply(_ kind: OperationType, _ record: RecordDictionary) async throws -> RecordResult {
        try await apply(kind, [record])[0]
    }

    /// Every page of a query of `recordType`, following continuation markers.
    func queryAll(_ query: Query, limit: Int? = nil) async throws -> [RecordDictionary] {
        var records: [RecordDictionary] = []
        var marker: String?
        repeat {
            let page = try await self.query(QueryRequest(query: query, resultsLimit: limit, continuationMarker: marker))
            records += page.records
            marker = page.continuationMarker
        } while marker != nil
        return records
    }
}

extension RecordResult {
    /// The record's change tag, or nil for an error.
    var tag: String? { record?.recordChangeTag }
    /// The error code, or nil for a record.
    var code: ServerErrorCode? { error?.serverErrorCode }
}
