import Foundation
import GitStore
import Testing

/// `GitRepository.repack`: one pack holding every reachable object, the same history, fsck clean,
/// and each fan-out tree stored as a delta of another version of itself.
@Suite struct RepackTests {
    /// A history of `syncs` + 1 snapshots of 20,000 records on `refs/heads/main`, each after the
    /// first changing 200 of them: leaves of ~80 entries, more than half rewritten by each snapshot.
    func history(_ repository: GitRepository, syncs: Int) throws -> [ObjectID] {
        var commits: [ObjectID] = []
        var tree: ObjectID?
        for sync in 0...syncs {
            let writer = try repository.makeWriter()
            // Snapshot `sync` changes the records with n % 100 == sync, and keeps the earlier changes.
            let files = cityFiles(20_000) { n in (1...max(1, sync)).contains(n % 100) && sync > 0 ? n % 100 : 0 }
            let root = try writer.writeTree(files: files, base: tree)
            let commit = try writer.commit(tree: root, parents: commits.last.map { [$0] } ?? [])
            try writer.finish()
            try repository.updateReference("refs/heads/main", to: commit, expecting: commits.last, message: "sync")
            commits.append(commit)
            tree = root
        }
        return commits
    }

    @Test func repackKeepsEveryReachableObjectAndDeltifiesTreesByPath() throws {
        try withRepository { repository in
            let commits = try history(repository, syncs: 4)
            let logBefore = try git(in: repository, "log", "--format=%H %T", "main")
            let reachable = try git(in: repository, "rev-list", "--objects", "--all").split(separator: "\n").count

            let report = try repository.repack()

            #expect(report.before.packs == commits.count)
            #expect(report.after.packs == 1)
            #expect(report.reachableObjects == reachable)
            let fsck = try git(["--git-dir", repository.path, "fsck", "--full", "--no-dangling"])
            #expect(fsck.status == 0 && fsck.output.isEmpty, "\(fsck.output)\(fsck.errors)")
            #expect(try git(in: repository, "log", "--format=%H %T", "main") == logBefore)
            #expect(try git(in: repository, "rev-list", "--objects", "--all").split(separator: "\n").count == reachable)

            // Every leaf was rewritten by each later snapshot: with names, each version but one per
            // path finds another version of its own path as its delta base.
            var trees = 0
            var treeDeltas = 0
            let objects = try git(
                in: repository, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(deltabase)")
            for line in objects.split(separator: "\n") where line.hasPrefix("tree ") {
                trees += 1
                if !line.hasSuffix(String(repeating: "0", count: 40)) { treeDeltas += 1 }
            }
            let paths = 256 + 3  // leaves, records/City, records/, the root
            #expect(trees > paths * 2)
            #expect(treeDeltas >= (trees - paths) * 9 / 10, "\(treeDeltas) of \(trees) trees are deltas")
        }
    }
}
