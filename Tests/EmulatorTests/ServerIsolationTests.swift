import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

/// `cksync serve --data FILE`: one file, and still one database per (container, environment,
/// database), as cloudkit-protocol.md §9 requires (issue 10, point 6).
@Suite("cksync serve: databases apart in one file")
struct ServerIsolationTests {
    static let a = DatabasePath(container: "iCloud.A", environment: .development, database: .public)
    static let others = [
        DatabasePath(container: "iCloud.AB", environment: .development, database: .public),
        DatabasePath(container: "iCloud.A", environment: .production, database: .public),
        DatabasePath(container: "iCloud.A", environment: .development, database: .private),
    ]

    @Test func eachDatabaseSeesOnlyItsOwnRecordsSchemaAndZones() async throws {
        try await withStore { file in
            let stores = ServerStores(store: file)
            let victim = record("victim", type: "T", ["n": .int64(1)])
            #expect(try await stores.store(for: Self.a).apply(.create, victim).tag != nil)
            try stores.store(for: Self.a).createZone("Custom")
            for other in Self.others {
                let store = try stores.store(for: other)
                #expect(
                    try await store.lookup(LookupRequest(records: [.init(recordName: "victim")])).records[0].code
                        == .notFound)
                // Another database has no type T yet, and takes its own schema for it.
                await #expect(throws: CloudKitError.self) {
                    try await store.query(QueryRequest(query: Query(recordType: "T")))
                }
                #expect(
                    try await store.apply(.create, record("victim", type: "T", ["n": .string("text")])).tag != nil,
                    "\(other)")
                #expect(try await store.listZones().zones.map(\.zoneID.zoneName) == ["_defaultZone"])
                #expect(
                    try store.allRecords().map { $0.fields?["n"].flatMap { try? FieldValue(wire: $0) } } == [
                        .string("text")
                    ])
            }
            let mine = try stores.store(for: Self.a)
            #expect(try mine.allRecords().map { $0.fields?["n"].flatMap { try? FieldValue(wire: $0) } } == [.int64(1)])
            #expect(try await mine.listZones().zones.map(\.zoneID.zoneName) == ["Custom", "_defaultZone"])
            #expect(try await mine.apply(.create, victim).code == .exists)
            // The file's own database (the local remote's) is apart from all of them too.
            #expect(try file.allRecords().isEmpty)
            #expect(try await file.listZones().zones.map(\.zoneID.zoneName) == ["_defaultZone"])
            #expect(try file.recordCount() == 4)
        }
    }

    @Test func overHTTPARecordInOneDatabaseIsNotFoundInAnother() async throws {
        try await TestServer.run(allowUnsigned: true) { server in
            func send(_ path: DatabasePath, _ operation: String, _ json: String) async throws -> Reply {
                let url =
                    "/database/1/\(path.container)/\(path.environment.rawValue)/\(path.database.rawValue)/\(operation)"
                return try await server.send(path: url, body: Data(json.utf8))
            }
            let create =
                #"{"operations": [{"operationType": "create", "record": {"recordName": "victim", "recordType": "T", "fields": {"n": {"value": 1}}}}]}"#
            #expect(try await send(Self.a, "records/modify", create).json.description.contains("recordChangeTag"))
            for other in Self.others {
                let lookup = try await send(other, "records/lookup", #"{"records": [{"recordName": "victim"}]}"#)
                let records = try #require(try lookup.json["records"] as? [[String: Any]])
                #expect(records[0]["serverErrorCode"] as? String == "NOT_FOUND", "\(other)")
                let created = try #require(
                    try await send(other, "records/modify", create).json["records"] as? [[String: Any]])
                #expect(created[0]["recordChangeTag"] != nil, "\(other): \(created)")
            }
        }
    }
}
