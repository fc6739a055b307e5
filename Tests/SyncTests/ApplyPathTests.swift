import CloudKitWeb
import Emulator
import Foundation
import Records
import Snapshots
import Testing

@testable import Sync

/// The apply path's answers to what a server can say: a delete the server already did, an answer
/// with too few results, a server version that cannot be read. Every write goes to the real
/// local store; where a server misbehaves, a database between them changes only its answers.
@Suite struct ApplyPathTests {
    /// The real store of the workspace's local remote, whose answers `answer` may change.
    struct Misbehaving: CloudKitDatabase {
        let store: EmulatorStore
        var modifyAnswer: @Sendable ([RecordResult]) -> [RecordResult] = { $0 }
        var lookupAnswer: @Sendable ([RecordResult]) -> [RecordResult] = { $0 }

        func query(_ request: QueryRequest) async throws -> QueryResponse { try await store.query(request) }
        func lookup(_ request: LookupRequest) async throws -> LookupResponse {
            LookupResponse(records: lookupAnswer(try await store.lookup(request).records))
        }
        func modify(_ request: ModifyRequest) async throws -> ModifyResponse {
            ModifyResponse(records: modifyAnswer(try await store.modify(request).records))
        }
        func changes(_ request: ChangesRequest) async throws -> ChangesResponse { try await store.changes(request) }
        func listZones() async throws -> ZoneListResponse { try await store.listZones() }
    }

    static func syncer(_ workspace: TestWorkspace, _ database: Misbehaving) throws -> Syncer {
        let opened = try workspace.open()
        let real = try Remote.open(opened.configuration.remote(named: nil), workspace: opened)
        return Syncer(
            workspace: opened,
            remote: Remote(name: real.name, identity: real.identity, database: database, zone: ZoneID.defaultZone))
    }

    static func push(_ syncer: Syncer, deleteOrphans: Bool = false) async throws -> SyncResult {
        let plan = try await syncer.planPush(refresh: false, deleteOrphans: deleteOrphans)
        return try await syncer.apply(plan, options: ApplyOptions(), kind: "push", extraTrailers: [])
    }

    @Test func aDeleteTheServerAlreadyDidIsDone() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        // Another writer deletes NZAA; the data drops it too: the delete, sent with the old change
        // tag, is answered NOT_FOUND.
        _ = try await workspace.store().modify(
            ModifyRequest(
                operations: [RecordOperation(.forceDelete, record: RecordDictionary(recordName: "NZAA"))],
                zoneID: nil, atomic: false))
        try workspace.edit(
            "data/airports.csv",
            replacing: "NZAA,AKL,Auckland Airport,Auckland,NZ,-37.008099,174.792007,23,Pacific/Auckland,,1\n", with: "")
        let result = try await workspace.push(deleteOrphans: true)
        #expect(result.deleted == 1 && result.failed == 0, "\(result.failures)")
        let status = try workspace.open().status(remote: nil)
        #expect(!status.changeset.summary.hasChanges, "the remote snapshot records the deletion")
    }

    @Test func anAnswerWithTooFewResultsFailsTheWholeBatchAndTheNextPushConverges() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        try workspace.edit("data/airports.csv", replacing: "-0.461941,83,", with: "-0.461941,85,")
        try workspace.edit("data/airports.csv", replacing: "37.619,-122.375,13,", with: "37.619,-122.375,14,")
        let dropsOne = Misbehaving(store: try workspace.store(), modifyAnswer: { Array($0.dropLast()) })
        let result = try await Self.push(try Self.syncer(workspace, dropsOne))
        #expect(result.updated == 0)
        #expect(result.failed == 2)
        #expect(result.failures.allSatisfy { $0.contains("records/modify answered 1 results for 2 operations") })
        // The server applied both; the remote snapshot does not know it, so the next push sends
        // them again, finds them already there after the CONFLICT, and counts them done.
        #expect(try await workspace.remoteRecords()["EGLL"]?.fields?["elevation"] == FieldDictionary(.int64(85)))
        let again = try await workspace.push()
        #expect(again.updated == 2 && again.failed == 0, "\(again.failures)")
    }

    @Test func aServerVersionThatCannotBeReadFailsThatRecordAlone() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        // Another writer changes EGLL and KSFO: cksync's replaces get CONFLICT and look them up.
        for name in ["EGLL", "KSFO"] {
            let changed = RecordDictionary(
                recordName: name, recordType: "Airport", fields: ["city": FieldDictionary(.string("x"))])
            _ = try await workspace.store().modify(
                ModifyRequest(operations: [RecordOperation(.forceReplace, record: changed)], zoneID: nil, atomic: false)
            )
        }
        try workspace.edit("data/airports.csv", replacing: "-0.461941,83,", with: "-0.461941,85,")
        try workspace.edit("data/airports.csv", replacing: "37.619,-122.375,13,", with: "37.619,-122.375,14,")
        // The lookup's EGLL carries an elevation the record's schema (INT64) cannot read.
        let garbled = Misbehaving(
            store: try workspace.store(),
            lookupAnswer: { results in
                results.map { result in
                    guard case .record(var dictionary) = result, dictionary.recordName == "EGLL" else { return result }
                    dictionary.fields?["elevation"] = FieldDictionary(value: .string("eighty-five"), type: .int64)
                    return .record(dictionary)
                }
            })
        let result = try await Self.push(try Self.syncer(workspace, garbled))
        #expect(result.updated == 1, "KSFO is overwritten")
        #expect(result.failures.count == 1)
        #expect(
            result.failures.first?.hasPrefix("Airport/EGLL: records/lookup after a conflict: the server's version:")
                == true)
        // EGLL keeps its old state in the remote snapshot: the next push tries it again.
        let status = try workspace.open().status(remote: nil)
        #expect(status.changeset.changes.map(\.name) == ["EGLL"])
    }
}
