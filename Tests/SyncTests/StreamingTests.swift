import CloudKitWeb
import Foundation
import GitStore
import Snapshots
import Testing

@testable import Sync

/// Issue 14 (3): pushes, rollbacks and fetches stream. The records a sync holds at once stay
/// within what its batches in flight (or one page) carry, however many records it syncs; what it
/// commits is still every record the server confirmed.
@Suite struct StreamingTests {
    static let added = 3000
    static let options = ApplyOptions(batchSize: 40, concurrency: 3)
    /// The batches in flight, and the one operation cut but left for the next batch.
    static let bound = options.batchSize * options.concurrency + 1

    /// The example with `added` more airports, each `elevation` feet high.
    static func workspace(elevation: Int) throws -> TestWorkspace {
        let workspace = try TestWorkspace()
        try appendAirports(to: workspace, elevation: elevation)
        return workspace
    }

    static func appendAirports(to workspace: TestWorkspace, elevation: Int) throws {
        let file = workspace.file("data/airports.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        if let start = text.range(of: "\nZZ0000,")?.lowerBound { text = String(text[...start]) }
        for index in 0..<added {
            let name = "ZZ" + String(index).leftPadding(to: 4)
            text += "\(name),,Field \(index),Town,GB,51.\(index),-0.\(index),\(elevation),Europe/London,,1\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    @Test func aPushHoldsOnlyItsBatchesInFlightAndCommitsEveryRecord() async throws {
        let workspace = try Self.workspace(elevation: 10)
        defer { workspace.cleanUp() }
        let syncer = try workspace.syncer()
        let plan = try await syncer.planPush(refresh: false, deleteOrphans: false)
        let result = try await syncer.apply(plan, options: Self.options, kind: "push", extraTrailers: [])
        #expect(result.new == 67 + Self.added)
        #expect(result.failed == 0)

        let peak = syncer.heldRecords.peak
        #expect(peak >= Self.options.batchSize)
        #expect(peak <= Self.bound)
        // The remote snapshot holds exactly the local snapshot's records, and the server all of them.
        let opened = try workspace.open()
        #expect(try opened.recordsTree(of: .remoteSnapshot(nil)) == opened.localSnapshotRecordsTree())
        #expect(try await workspace.remoteRecords().count == 67 + Self.added)
    }

    @Test func aRollbackOfEveryRecordHoldsOnlyItsBatchesInFlight() async throws {
        let workspace = try Self.workspace(elevation: 10)
        defer { workspace.cleanUp() }
        try await workspace.push(options: Self.options)
        let first = try #require(try workspace.open().repository.reference(Refs.localMain))
        try Self.appendAirports(to: workspace, elevation: 20)
        try await workspace.push(options: Self.options)

        let syncer = try workspace.syncer()
        let plan = try await syncer.planRollback(to: first)
        #expect(plan.applied.count == Self.added)
        let result = try await syncer.apply(plan, options: Self.options, kind: "rollback", extraTrailers: [])
        #expect(result.updated == Self.added)
        #expect(syncer.heldRecords.peak <= Self.bound)
        let opened = try workspace.open()
        #expect(try opened.recordsTree(of: .remoteSnapshot(nil)) == opened.recordsTree(ofCommit: first))
        let sample = try #require(try await workspace.remoteRecords()["ZZ0042"])
        #expect(sample.fields?["elevation"]?.value == .integer(10))
    }

    @Test func aFetchHoldsOnePageAtATime() async throws {
        let workspace = try Self.workspace(elevation: 10)
        defer { workspace.cleanUp() }
        try await workspace.push(options: Self.options)
        let before = try workspace.open().recordsTree(of: .remoteSnapshot(nil))

        let syncer = try workspace.syncer()
        let fetch = try await syncer.fetch()
        #expect(fetch.records == 67 + Self.added)
        #expect(fetch.drift.map { !$0.summary.hasChanges } == true)
        #expect(syncer.heldRecords.peak > 0)
        #expect(syncer.heldRecords.peak <= CloudKitLimits.maxResultsPerPage)
        #expect(try workspace.open().recordsTree(of: .remoteSnapshot(nil)) == before)
    }
}

extension String {
    fileprivate func leftPadding(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
