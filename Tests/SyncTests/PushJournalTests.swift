import CloudKitWeb
import Foundation
import GitStore
import Records
import Snapshots
import Testing

@testable import Sync

/// Issue 10 (10): the push journal records what the server confirmed, batch by batch; a journal
/// left by a killed apply is folded into the remote snapshot by the next sync, then removed.
/// (Tests/EndToEndTests/KillTests.swift kills a real push.)
@Suite struct PushJournalTests {
    @Test func aCompletedPushLeavesNoJournal() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        let syncer = try workspace.syncer()
        try await workspace.push(options: ApplyOptions(batchSize: 10))
        #expect(!FileManager.default.fileExists(atPath: syncer.journalPath))
        #expect(try syncer.recoverJournal() == nil)
    }

    @Test func blocksAreReadBackAndATornLastBlockIsIgnored() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)").path
        defer { unlink(path) }
        let base = ObjectID(hex: String(repeating: "1f", count: 20))
        let journal = try PushJournal(path: path, base: base, kind: "rollback")
        let first: [(path: String, content: [UInt8]?)] = [
            ("records/T/ab/a.json", Array("{\n}\n".utf8)), ("server/T/ab/a.json", nil),
        ]
        let second: [(path: String, content: [UInt8]?)] = [("records/T/cd/b\nc.json", [0, 10, 255])]
        try journal.append(first)
        try journal.append(second)
        #expect(throws: JournalError.self) { try PushJournal(path: path, base: nil, kind: "push") }
        // A write cut short by a kill: an entry without its end line.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("P 19 4\nrecords/T/ef/c.json{\n".utf8))
        try handle.close()

        let contents = try #require(try PushJournal.read(at: path))
        #expect(contents.base == base)
        #expect(contents.kind == "rollback")
        #expect(
            contents.changes.map(\.path) == ["records/T/ab/a.json", "server/T/ab/a.json", "records/T/cd/b\nc.json"])
        #expect(contents.changes.map(\.content) == [Array("{\n}\n".utf8), nil, [0, 10, 255]])
        try journal.remove()
        #expect(try PushJournal.read(at: path) == nil)
    }

    /// A kill while the header was written, or a file that is not a journal: it holds nothing,
    /// and the next sync removes it instead of being blocked by it.
    @Test(arguments: ["", "cksync-push-jour", "cksync-push-journal 1\nbase 1f1f", "garbage\nP 1 1\nab\nE 1\n"])
    func aDamagedJournalHoldsNothingAndIsRemoved(content: String) async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        let syncer = try workspace.syncer()
        let head = try syncer.remoteSnapshot().commit
        try content.write(toFile: syncer.journalPath, atomically: true, encoding: .utf8)
        #expect(try PushJournal.read(at: syncer.journalPath)?.changes.isEmpty == true)
        let recovery = try #require(try syncer.recoverJournal())
        #expect(recovery.records == 0 && recovery.remoteSnapshot == nil)
        #expect(try syncer.remoteSnapshot().commit == head)
        #expect(!FileManager.default.fileExists(atPath: syncer.journalPath))
    }

    /// What a push killed after the server confirmed one batch leaves: the server holds the
    /// batch, the journal names it, the remote snapshot does not.
    @Test func aKilledPushsJournalIsFoldedAndOnlyTheRestIsSent() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        try workspace.edit("data/airports.csv", replacing: "-0.461941,83,", with: "-0.461941,85,")
        try workspace.edit("data/airports.csv", replacing: "-0.190278,202,", with: "-0.190278,203,")
        let syncer = try workspace.syncer()
        let plan = try await syncer.planPush(refresh: false, deleteOrphans: false)
        #expect(plan.applied.map(\.name).sorted() == ["EGKK", "EGLL"])
        let before = try syncer.remoteSnapshot()

        // The first batch (EGLL) reaches the server and the journal; then the process dies.
        let egll = try #require(plan.withRecords(in: syncer.workspace).applied.first { $0.name == "EGLL" }?.new)
        let answer = try await workspace.store().modify(
            ModifyRequest(operations: [RecordOperation(.forceReplace, record: RecordDictionary(egll))], desiredKeys: [])
        )
        guard case .record(let dictionary) = answer.records[0] else {
            Issue.record("not written")
            return
        }
        let operation = PlannedOperation(kind: .upsert(egll), planned: .updated, type: "Airport", name: "EGLL")
        let journal = try PushJournal(path: syncer.journalPath, base: before.commit, kind: "push")
        try journal.append(
            RemoteSnapshotChanges.journalChanges(
                RemoteSnapshotChanges.confirmed([(operation, .written(egll, WireRecords.serverState(dictionary)))])))

        let recovery = try #require(try syncer.recoverJournal())
        #expect(recovery.records == 1)
        let folded = try #require(recovery.remoteSnapshot)
        let commit = try workspace.open().repository.commit(folded)
        #expect(commit.parents == [before.commit].compactMap { $0 })
        #expect(
            commit.message.hasPrefix(
                "push local: recovered 1 records the server confirmed before cksync was stopped\n"))
        #expect(commit.message.contains("Cksync-Recovered: 1"))
        #expect(!FileManager.default.fileExists(atPath: syncer.journalPath))

        let rest = try await syncer.planPush(refresh: false, deleteOrphans: false)
        #expect(rest.applied.map(\.name) == ["EGKK"])
        let result = try await syncer.apply(rest, options: ApplyOptions(), kind: "push", extraTrailers: [])
        #expect(result.updated == 1 && result.failed == 0)
        let fetch = try await syncer.fetch()
        #expect(fetch.drift.map { !$0.summary.hasChanges } == true)
    }

    /// Killed after committing, before removing the journal: the ref has moved on from the
    /// journal's base, so the journal is only removed.
    @Test func aJournalAlreadyCommittedIsOnlyRemoved() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        let syncer = try workspace.syncer()
        let head = try syncer.remoteSnapshot().commit
        let parent = try head.map { try workspace.open().repository.commit($0).parents.first }
        let journal = try PushJournal(path: syncer.journalPath, base: parent ?? nil, kind: "push")
        try journal.append([("records/Airport/00/EGLL.json", nil)])
        let recovery = try #require(try syncer.recoverJournal())
        #expect(recovery.remoteSnapshot == nil)
        #expect(try syncer.remoteSnapshot().commit == head)
        #expect(!FileManager.default.fileExists(atPath: syncer.journalPath))
    }
}
