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

    /// A record of a few hundred bytes, as cksync writes them, at `records/Place/<xx>/p<n>.json`.
    func place(_ n: Int, _ version: Int) -> TreeFile {
        let name = "p\(n)"
        let directory = SHA1.hash(Array(name.utf8)).prefix(1).map { String(format: "%02x", $0) }.first!
        let content = """
            {"fields":{"name":{"type":"STRING","value":"Place \(n) of the test"},\
            "city":{"type":"STRING","value":"City \(n % 37)"},"elevation":{"type":"INT64","value":\(version)},\
            "location":{"type":"LOCATION","value":{"latitude":\(Double(n) / 100),"longitude":\(-Double(n) / 70)}}},\
            "recordName":"\(name)","recordType":"Place"}
            """
        return TreeFile(path: "records/Place/\(directory)/\(name).json", content: Array(content.utf8))
    }

    /// The lines of `git verify-pack -v` for the repository's only pack or the one named.
    func verifyPack(_ repository: GitRepository, named name: String? = nil) throws -> [Substring] {
        let packs = try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack")
        let index = try #require(packs.first { $0.hasSuffix(".idx") && (name.map($0.hasPrefix) ?? true) })
        return try git(in: repository, "verify-pack", "-v", repository.path + "/objects/pack/" + index)
            .split(separator: "\n")
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

    /// 2,000 records of a few hundred bytes over 60 snapshots, each changing 20 of them.
    @Test func recordsAreDeltasOfTheirTypesFirstOrOfTheirNewerVersionAndChainsStayShort() throws {
        try withRepository { repository in
            var versions = [Int](repeating: 0, count: 2_000)
            var tree: ObjectID?
            var parent: ObjectID?
            for sync in 0..<60 {
                if sync > 0 { for k in 0..<20 { versions[(sync * 20 + k * 97) % 2_000] += 1 } }
                let writer = try repository.makeWriter()
                let root = try writer.writeTree(files: (0..<2_000).map { place($0, versions[$0]) }, base: tree)
                let commit = try writer.commit(tree: root, parents: parent.map { [$0] } ?? [])
                try writer.finish()
                try repository.updateReference("refs/heads/main", to: commit, expecting: parent, message: "sync")
                (tree, parent) = (root, commit)
            }

            _ = try repository.repack()

            let fsck = try git(["--git-dir", repository.path, "fsck", "--full", "--no-dangling"])
            #expect(fsck.status == 0 && fsck.output.isEmpty, "\(fsck.output)\(fsck.errors)")
            var wholeBlobs = 0
            var deltaBlobs = 0
            var longestChain = 0
            for line in try verifyPack(repository) {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                if fields.count >= 2, fields[1] == "blob" {
                    if fields.count >= 7 { deltaBlobs += 1 } else { wholeBlobs += 1 }
                }
                if line.hasPrefix("chain length = "), let length = Int(line.dropFirst(15).prefix { $0.isNumber }) {
                    longestChain = max(longestChain, length)
                }
            }
            // The first four records of the type stand whole; every other is a delta of one of them
            // or of its own newer version.
            #expect(wholeBlobs <= 10, "\(wholeBlobs) whole, \(deltaBlobs) deltas")
            #expect(deltaBlobs >= 2_000 + 59 * 20 - 10)
            #expect(longestChain <= 50 && longestChain >= 40, "the root's 60 versions make the longest chain")
        }
    }

    @Test func aSyncsPacksBecomeOneAndAPackWithOtherObjectsStays() throws {
        try withRepository { repository in
            let first = try repository.makeWriter()
            let firstTree = try first.writeTree(files: (0..<2_000).map { place($0, 0) }, base: nil)
            let firstCommit = try first.commit(tree: firstTree)
            try first.finish()
            try repository.updateReference("refs/heads/main", to: firstCommit, expecting: nil, message: "sync")
            let earlier = try repository.packNames()

            // A sync: the local snapshot changes 50 records, the remote snapshot adds their server
            // state, each in a pack of its own; meanwhile another command writes a blob no ref reaches.
            let local = try repository.makeWriter()
            let localTree = try local.writeTree(
                files: (0..<2_000).map { place($0, $0 % 40 == 0 ? 1 : 0) }, base: firstTree)
            let localCommit = try local.commit(tree: localTree, parents: [firstCommit])
            try local.finish()
            try repository.updateReference("refs/heads/main", to: localCommit, expecting: firstCommit, message: "sync")
            let remote = try repository.makeWriter()
            let states = (0..<2_000).filter { $0 % 40 == 0 }.map { n in
                TreeFile(
                    path: place(n, 1).path.replacingOccurrences(of: "records/", with: "server/"),
                    content: Array(
                        """
                        {
                          "created": 1796035901002,
                          "modified": \(1_796_035_901_002 + n * 7919),
                          "recordChangeTag": "\(String(n * 7919 % 4096, radix: 16))"
                        }

                        """.utf8))
            }
            let remoteTree = try remote.writeTree(files: states, base: localTree)
            let remoteCommit = try remote.commit(tree: remoteTree, parents: [firstCommit])
            try remote.finish()
            try repository.updateReference("refs/remotes/r/main", to: remoteCommit, expecting: nil, message: "sync")
            let other = try repository.makeWriter()
            let unreachable = try other.writeBlob(Array("written by status".utf8))
            try other.finish()
            #expect(try repository.objectStorage().packs == 4)

            #expect(try repository.consolidatePacks(writtenSince: earlier, limit: 100) == nil, "too many to rewrite")
            #expect(try repository.objectStorage().packs == 4)
            let report = try #require(try repository.consolidatePacks(writtenSince: earlier))

            #expect(report.before.packs == 4)
            #expect(report.after.packs == 3, "the first sync's, the new one, and the one with the unreachable blob")
            #expect(report.keptFiles == 1)
            #expect(report.after.bytes < report.before.bytes)
            #expect(repository.contains(unreachable))
            let fsck = try git(["--git-dir", repository.path, "fsck", "--full", "--no-dangling"])
            #expect(fsck.status == 0 && fsck.output.isEmpty, "\(fsck.output)\(fsck.errors)")
            #expect(
                try git(in: repository, "rev-parse", "main", "r/main") == "\(localCommit.hex)\n\(remoteCommit.hex)\n")
            // The new pack is the one with the commits: 50 records and 50 server states, all but
            // the first four of each (the exemplars) deltas.
            let lines =
                try repository.packNames().subtracting(earlier).map { try verifyPack(repository, named: $0) }
                .first { $0.contains { $0.contains(" commit ") } } ?? []
            let blobDeltas = lines.filter { $0.contains(" blob ") && $0.split(separator: " ").count >= 7 }.count
            #expect(blobDeltas >= 100 - 2 * 4, "\(blobDeltas) of 100 blobs are deltas")
            #expect(try repository.consolidatePacks(writtenSince: try repository.packNames()) == nil)
        }
    }
}
