import Foundation
import GitStore
import Snapshots
import Testing

@testable import Sync

/// Pushes and fetches across a fan-out conversion (a low threshold stands in for a million records).
@Suite struct FanOutSyncTests {
    @Test func aPushConvertsBothSnapshotsAndHistoryFollowsRecordsAcrossIt() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.push()
        try workspace.edit("data/airports.csv", replacing: "-0.461941,83,", with: "-0.461941,85,")
        let result = try await FanOut.$threshold.withValue(16) { try await workspace.push() }
        #expect(result.updated == 1)
        #expect(result.new == 0)

        let opened = try workspace.open()
        let repository = opened.repository
        func depth(_ directory: String) throws -> Int {
            let root = try repository.commit(try #require(try repository.reference(Refs.remote("local")))).tree
            let tree = try #require(try repository.entry(at: directory, inTree: root))
            return try RecordTree.depth(of: tree.id, in: repository)
        }
        // The push wrote Airport, so both its trees converted; Place was not written, and waits.
        #expect(try depth("records/Airport") == 2)
        #expect(try depth("server/Airport") == 2)
        #expect(try depth("records/Place") == 1)
        // Local and remote converted alike: the same trees, so nothing to push.
        #expect(try opened.localSnapshotRecordsTree() == opened.recordsTree(of: .remoteSnapshot(nil)))
        let status = try FanOut.$threshold.withValue(16) { try opened.status(remote: nil) }
        #expect(!status.changeset.summary.hasChanges)
        #expect(status.changeset.summary.unchanged == 67)

        let history = SyncHistory(repository: repository)
        let egll = try history.recordHistory(remote: "local", type: "Airport", name: "EGLL")
        #expect(egll.map(\.change.kind) == [.updated, .new])
        guard case .present(_, let fields, _) = try history.blame(remote: "local", type: "Airport", name: "EGLL") else {
            Issue.record("EGLL is on the remote")
            return
        }
        #expect(fields.first { $0.field == "elevation" }?.sync.commit == egll[0].sync.commit)

        // A fetch writes the remote snapshot whole, converting Place there too; the local snapshot's
        // Place (its source unchanged) keeps one level, and they still diff empty, record by record.
        let fetch = try await FanOut.$threshold.withValue(16) { try await workspace.syncer().fetch() }
        #expect(fetch.drift.map { !$0.summary.hasChanges } == true)
        #expect(try depth("records/Place") == 2)
        #expect(try depth("server/Place") == 2)
        let local = try #require(try opened.localSnapshotRecordsTree())
        #expect(
            try RecordTree.depth(of: #require(try repository.entry(at: "Place", inTree: local)).id, in: repository) == 1
        )
        let after = try FanOut.$threshold.withValue(16) { try opened.status(remote: nil) }
        #expect(!after.changeset.summary.hasChanges)
        #expect(after.changeset.summary.unchanged == 67)

        // git reads and checks both layouts in one history.
        for arguments in [["fsck", "--strict", "--no-dangling"], ["log", "-p", "refs/remotes/local/main"]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git", "--git-dir", repository.path] + arguments
            git.standardOutput = FileHandle.nullDevice
            try git.run()
            git.waitUntilExit()
            #expect(git.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
        }
    }
}
