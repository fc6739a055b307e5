import CloudKitWeb
import Foundation
import GitStore
import Records
import Snapshots
import Testing

@testable import Sync

/// Push, fetch, prune and rollback against the embedded store on a real SQLite file, with a
/// real snapshot repository.
@Suite struct SyncTests {
    @Test func pushThenFetchShowsNoDrift() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        let result = try await workspace.push()
        #expect(result.new == 67)
        #expect(result.failed == 0)
        #expect(try await workspace.remoteRecords().count == 67)

        let fetch = try await workspace.syncer().fetch()
        #expect(fetch.records == 67)
        let drift = try #require(fetch.drift)
        #expect(!drift.summary.hasChanges)
        #expect(drift.summary.unchanged == 67)

        // The remote snapshot's records are the local snapshot's, blob for blob.
        let opened = try workspace.open()
        let local = try opened.localSnapshotRecordsTree()
        let remote = try opened.recordsTree(of: .remoteSnapshot(nil))
        #expect(local == remote)
    }

    @Test func updatesReplaceAndDropRemovedFields() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        try workspace.edit("data/airports.csv", replacing: "-0.461941,83,Europe/London,Heathrow|London Heathrow,2",
                           with: "-0.461941,85,Europe/London,,2")
        let result = try await workspace.push()
        #expect(result.updated == 1)
        let egll = try #require(try await workspace.remoteRecords()["EGLL"])
        #expect(egll.fields?["elevation"].map { try? FieldValue(wire: $0, schemaType: .int64) } == .int64(85))
        #expect(egll.fields?["aliases"] == nil)
        let plan = try workspace.syncer().plan(.push, target: try workspace.open().repository.reference(Refs.localMain),
                                               includesDeletions: true)
        #expect(!plan.changeset.summary.hasChanges)
    }

    @Test func deletionsOnlyWhenAsked() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        try workspace.edit("data/airports.csv",
                           replacing: "NZAA,AKL,Auckland Airport,Auckland,NZ,-37.008099,174.792007,23,Pacific/Auckland,,1\n",
                           with: "")
        let kept = try await workspace.push()
        #expect(kept.deleted == 0)
        #expect(try await workspace.remoteRecords()["NZAA"] != nil)

        let plan = try await workspace.syncer().planPush(refresh: false, deleteOrphans: false)
        #expect(plan.keptOrphans == 1)
        #expect(plan.applied.isEmpty)

        let deleted = try await workspace.push(deleteOrphans: true)
        #expect(deleted.deleted == 1)
        #expect(try await workspace.remoteRecords()["NZAA"] == nil)
    }

    @Test(arguments: ConflictPolicy.allCases)
    func conflictingWriterBetweenFetchAndApply(policy: ConflictPolicy) async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        try workspace.edit("data/airports.csv", replacing: "-0.461941,83,", with: "-0.461941,85,")

        // Another writer changes EGLL on the server after cksync's last look.
        let store = try workspace.store()
        let theirs = RecordDictionary(
            recordName: "EGLL", recordType: "Airport",
            fields: ["name": FieldDictionary(.string("Changed by someone else"))])
        _ = try await store.modify(ModifyRequest(
            operations: [RecordOperation(.forceUpdate, record: theirs)], zoneID: nil, atomic: false))

        let result = try await workspace.push(options: ApplyOptions(onConflict: policy))
        let egll = try #require(try await workspace.remoteRecords()["EGLL"])
        let name = egll.fields?["name"].flatMap { try? FieldValue(wire: $0, schemaType: .string) }
        switch policy {
        case .overwrite:
            #expect(result.updated == 1)
            #expect(name == .string("London Heathrow Airport"))
        case .skip:
            #expect(result.skipped == 1)
            #expect(name == .string("Changed by someone else"))
        case .fail:
            #expect(result.stoppedOnConflict)
            #expect(name == .string("Changed by someone else"))
        }
        // Whatever the policy, the remote snapshot is true: a fresh fetch finds no drift.
        let drift = try #require(try await workspace.syncer().fetch().drift)
        #expect(!drift.summary.hasChanges, "\(drift.changes.map(\.name))")
    }

    @Test func pagingOverMoreThan200Records() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        var csv = "icao,iata,name,city,country,lat,lon,elevation_ft,timezone,aliases,runways\n"
        for index in 0..<450 {
            csv += "X\(String(format: "%04d", index)),,Field \(index),Town,US,\(Double(index) / 10),1.5,\(index),UTC,,1\n"
        }
        try csv.write(to: workspace.file("data/airports.csv"), atomically: true, encoding: .utf8)
        let result = try await workspace.push(options: ApplyOptions(batchSize: 50, concurrency: 3))
        #expect(result.new == 450 + 31)
        let fetch = try await workspace.syncer().fetch()
        #expect(fetch.records == 481)
        #expect(fetch.drift.map { !$0.summary.hasChanges } == true)
    }

    @Test func partialFailureKeepsOldStateAndIsRetried() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        // Another writer fixes Airport.runways as a STRING before cksync's first push: every
        // Airport write with an INT64 runways field is refused; Places go through.
        let store = try workspace.store()
        let intruder = RecordDictionary(
            recordName: "ZZZZ", recordType: "Airport", fields: ["runways": FieldDictionary(.string("two"))])
        _ = try await store.modify(ModifyRequest(
            operations: [RecordOperation(.forceReplace, record: intruder)], zoneID: nil, atomic: false))

        let result = try await workspace.push()
        #expect(result.new == 31)
        #expect(result.failed == 36)
        #expect(result.failures.first?.contains("Airport/") == true)
        let remote = try workspace.open().recordsTree(of: .remoteSnapshot(nil))
        let counts = try workspace.open().changesets.changeset(from: nil, to: remote).summaryByType
        #expect(counts["Place"]?.new == 31)
        // The first push fetched first: the remote snapshot knows the intruder and no refused Airport.
        #expect(counts["Airport"]?.new == 1)

        // The next push retries exactly the records that failed, and they fail the same way.
        let again = try await workspace.push()
        #expect(again.new == 0)
        #expect(again.failed == 36)
    }

    @Test func rollbackRestoresTheRemoteExactly() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        let first = try #require(try workspace.open().repository.reference(Refs.localMain))
        try workspace.edit("data/airports.csv", replacing: "-0.461941,83,", with: "-0.461941,85,")
        try workspace.edit("data/airports.csv",
                           replacing: "NZAA,AKL,Auckland Airport,Auckland,NZ,-37.008099,174.792007,23,Pacific/Auckland,,1\n",
                           with: "LKPR,PRG,Prague,Prague,CZ,50.1,14.26,1247,Europe/Prague,,2\n")
        try await workspace.push(deleteOrphans: true)
        #expect(try await workspace.remoteRecords()["LKPR"] != nil)

        let syncer = try workspace.syncer()
        let plan = try await syncer.planRollback(to: first)
        #expect(plan.applied.count == 3)
        let result = try await syncer.apply(plan, options: ApplyOptions(), kind: "rollback",
                                            extraTrailers: [(SyncTrailers.rollbackTo, first.hex)])
        #expect(result.failed == 0)
        let remote = try await workspace.remoteRecords()
        #expect(remote["LKPR"] == nil)
        #expect(remote["NZAA"] != nil)

        let fetch = try await workspace.syncer().fetch()
        #expect(fetch.drift.map { !$0.summary.hasChanges } == true)
        let opened = try workspace.open()
        #expect(try opened.recordsTree(of: .remoteSnapshot(nil)) == opened.recordsTree(ofCommit: first))
        let log = try SyncHistory(repository: opened.repository).entries(remote: "local")
        #expect(log.contains { $0.trailers[SyncTrailers.rollbackTo] == first.hex })
    }

    @Test func logOfOneRecord() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        try workspace.edit("data/airports.csv", replacing: "-0.461941,83,", with: "-0.461941,85,")
        try await workspace.push()
        try workspace.edit("data/airports.csv", replacing: "37.619,-122.375,13,", with: "37.619,-122.375,14,")
        try await workspace.push()
        let history = SyncHistory(repository: try workspace.open().repository)
        #expect(try history.entries(remote: "local").count == 4)  // fetch + three pushes
        let egll = try history.recordHistory(remote: "local", type: "Airport", name: "EGLL")
        #expect(egll.map(\.sync.subject) == [
            "push local: 0 new, 1 updated, 0 deleted", "push local: 67 new, 0 updated, 0 deleted",
        ])
        #expect(egll.map(\.change.kind) == [.updated, .new])
        #expect(egll[0].change.fieldChanges == [FieldChange(field: "elevation", old: .int64(83), new: .int64(85))])
        #expect(try history.recordHistory(remote: "local", type: "Airport", name: "EGLL", limit: 1).count == 1)
        #expect(try history.recordHistory(remote: "local", type: "Airport", name: "NOPE").isEmpty)
        let onlyFetches = SyncFilter(kinds: [.fetch])
        #expect(try history.recordHistory(remote: "local", type: "Airport", name: "EGLL", filter: onlyFetches).isEmpty)

        guard case .present(let record, let fields, let syncs) = try history.blame(remote: "local", type: "Airport", name: "EGLL")
        else {
            Issue.record("EGLL is on the remote")
            return
        }
        #expect(fields.map(\.field) == record.fields.keys.sorted())
        #expect(syncs.map(\.commit) == [egll[0].sync.commit, egll[1].sync.commit])
        for (field, sync) in fields {
            #expect(sync.commit == (field == "elevation" ? egll[0].sync.commit : egll[1].sync.commit), "\(field)")
        }
        guard case .neverSynced = try history.blame(remote: "local", type: "Airport", name: "NOPE") else {
            Issue.record("NOPE was never on the remote")
            return
        }
    }
}
