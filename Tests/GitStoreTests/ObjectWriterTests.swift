import Foundation
import GitStore
import Testing

@Suite("ObjectWriter: pack contents agree with the git command line")
struct ObjectWriterTests {
    @Test func blobIdsMatchGitHashObject() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            for text in ["", "hello\n", "{\n  \"a\": 1\n}\n", String(repeating: "x", count: 70_000)] {
                let id = try writer.writeBlob(Array(text.utf8))
                let expected = try git(["hash-object", "--stdin"], input: Array(text.utf8)).output
                #expect(id.hex + "\n" == expected)
            }
            try writer.finish()
            try git(in: repository, "fsck", "--strict", "--no-dangling")
        }
    }

    /// Blobs prepared on other threads: ids as git hashes them, compressed or stored by what a
    /// sample of them shows, skipped when already held, and read back whole by libgit2 and git.
    @Test func preparedBlobsAreStoredWhenTheyDoNotCompress() throws {
        try withRepository { repository in
            var random = UInt64(7)
            let noise = (0..<300_000).map { _ -> UInt8 in
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: random >> 33)
            }
            let text = Array(String(repeating: "cksync keeps snapshots of records. ", count: 9_000).utf8)
            let small = Array("a small file\n".utf8)
            let writer = try repository.makeWriter()
            var ids: [ObjectID] = []
            for content in [noise, text, small] {
                let id = PreparedBlob.id(of: content)
                #expect(id.hex + "\n" == (try git(["hash-object", "--stdin"], input: content).output))
                #expect(!writer.contains(id))
                try writer.write(try PreparedBlob(content, id: id))
                #expect(writer.contains(id))
                try writer.write(try PreparedBlob(content, id: id))
                ids.append(id)
            }
            try writer.finish()
            try git(in: repository, "fsck", "--strict", "--full")
            #expect(try repository.blob(ids[0]) == noise)
            #expect(try repository.blob(ids[1]) == text)
            #expect(try repository.blob(ids[2]) == small)
            // One copy of each; the noise stored (a little over its size), the text compressed.
            let sizes = try git(in: repository, "verify-pack", "-v", try onlyPack(repository))
                .split(separator: "\n").filter { $0.hasPrefix(ids[0].hex) || $0.hasPrefix(ids[1].hex) }
                .map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            #expect(sizes.count == 2)
            let packed = Dictionary(uniqueKeysWithValues: sizes.map { (String($0[0]), Int($0[3]) ?? 0) })
            #expect(packed[ids[0].hex].map { $0 >= noise.count && $0 < noise.count + 1_000 } == true)
            #expect(packed[ids[1].hex].map { $0 < text.count / 10 } == true)
        }
    }

    @Test func packIsFsckCleanAndReadableByGit() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let first = try writer.writeTree(files: cityFiles(300), base: nil)
            let one = try writer.commit(tree: first, message: "first snapshot")
            let second = try writer.writeTree(files: cityFiles(300) { $0 == 7 ? 1 : 0 }, base: nil)
            let two = try writer.commit(tree: second, parents: [one], message: "second snapshot\n\nCksync-New: 0\n")
            try writer.finish()
            try repository.updateReference("refs/heads/main", to: two, expecting: nil, message: "snapshot")

            try git(in: repository, "fsck", "--strict", "--full", "--no-dangling")
            let verify = try git(in: repository, "verify-pack", "-v", try onlyPack(repository))
            #expect(verify.contains("ok") || !verify.isEmpty)
            let log = try git(in: repository, "log", "-p", "main")
            #expect(log.contains("second snapshot"))
            #expect(log.contains("-  \"version\": 0"))
            #expect(log.contains("+  \"version\": 1"))
            #expect(log.contains("Date:   Tue Nov 14 23:43:20 2023 +0130"))
            let commitText = try git(in: repository, "cat-file", "-p", two.hex)
            #expect(commitText.contains("tree \(second.hex)\nparent \(one.hex)\n"))
            #expect(commitText.contains("author Ada Tester <ada@example.com> 1700000000 +0130\n"))
            let file = cityFiles(300)[42]
            #expect(
                try git(in: repository, "cat-file", "-p", "main:" + file.path)
                    == String(decoding: file.content, as: UTF8.self))
            #expect(try git(in: repository, "rev-parse", "main^{tree}") == second.hex + "\n")
        }
    }

    @Test func treesSortInGitOrder() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let blob = try writer.writeBlob(Array("x".utf8))
            let names = ["c10.json", "c1.json", "a.json", "a-b", "b", "c2.json"]
            var entries = names.map { TreeEntry(name: $0, id: blob, isTree: false) }
            let subtree = try writer.writeTree([TreeEntry(name: "f", id: blob, isTree: false)])
            entries.append(TreeEntry(name: "a", id: subtree, isTree: true))
            entries.append(TreeEntry(name: "a0", id: blob, isTree: false))
            let root = try writer.writeTree(entries.reversed())
            try writer.finish()
            // "a" as a directory sorts as "a/": after "a-b" and "a.json", before "a0".
            #expect(
                try repository.tree(root).map(\.name) == [
                    "a-b", "a.json", "a", "a0", "b", "c1.json", "c10.json", "c2.json",
                ])
            #expect(
                try git(in: repository, "ls-tree", "--name-only", root.hex)
                    == "a-b\na.json\na\na0\nb\nc1.json\nc10.json\nc2.json\n")
            try git(in: repository, "fsck", "--strict", "--no-dangling")
        }
    }

    @Test func fileBeforeDirectoryOfTheSameStem() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(
                files: ["a/x", "a.json", "a-", "a0"].map { TreeFile(path: $0, content: Array($0.utf8)) }, base: nil)
            try writer.finish()
            #expect(try repository.tree(root).map(\.name) == ["a-", "a.json", "a", "a0"])
            try git(in: repository, "fsck", "--strict", "--no-dangling")
        }
    }

    @Test func nestedFilesReadBack() throws {
        try withRepository { repository in
            let files =
                cityFiles(500) + [
                    TreeFile(path: "server/City/ab/x.json", content: Array("{}\n".utf8)),
                    TreeFile(path: "top.txt", content: []),
                ]
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: files.shuffled(), base: nil)
            try writer.finish()
            for file in files {
                let entry = try #require(try repository.entry(at: file.path, inTree: root), "\(file.path)")
                #expect(!entry.isTree)
                #expect(try repository.blob(entry.id) == file.content)
            }
            let listed = try git(in: repository, "ls-tree", "-r", "--name-only", root.hex).split(separator: "\n")
            #expect(Set(listed.map(String.init)) == Set(files.map(\.path)))
        }
    }

    @Test func identicalFilesShareOneBlob() throws {
        try withRepository { repository in
            let content = Array("same\n".utf8)
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(
                files: (0..<3000).map { TreeFile(path: "d\($0 % 7)/f\($0)", content: content) }, base: nil)
            try writer.finish()
            try git(in: repository, "fsck", "--strict", "--no-dangling")
            // 1 blob, 7 subtrees, 1 root: no id written twice.
            #expect(try objectCounts(repository)["in-pack"] == 9)
            #expect(try repository.tree(root).count == 7)
        }
    }

    @Test(arguments: ["", "/a", "a//b", "a/", "./a", "a/../b", "a/.git/x", "nul\0name"])
    func invalidPathsAreRejected(_ path: String) throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let error = try #require(throws: GitError.self) {
                try writer.writeTree(files: [TreeFile(path: path, content: [])], base: nil)
            }
            #expect(error.context == path)
        }
    }

    @Test func duplicateAndConflictingPathsAreRejected() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            #expect(throws: GitError.self) {
                try writer.writeTree(
                    files: [TreeFile(path: "a/b", content: []), TreeFile(path: "a/b", content: [1])], base: nil)
            }
            let error = try #require(throws: GitError.self) {
                try writer.writeTree(
                    files: [TreeFile(path: "a", content: []), TreeFile(path: "a/b", content: [])], base: nil)
            }
            #expect(error.context == "a")
        }
    }

    @Test func finishWithNothingWrittenWritesNothing() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            try writer.finish()
            try writer.finish()
            let packs = try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack")
            #expect(packs.isEmpty)
        }
    }

    @Test func aWriterDroppedBeforeFinishLeavesNothingBehind() throws {
        try withRepository { repository in
            var writer: ObjectWriter? = try repository.makeWriter()
            let id = try writer?.writeBlob(Array("abandoned".utf8))
            writer = nil
            #expect(try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack").isEmpty)
            #expect(!repository.contains(try #require(id)))
        }
    }

    @Test func commitSignatureMustNotBreakTheHeader() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let bad = Signature(name: "Eve <x>", email: "e@example.com", time: 0)
            #expect(throws: GitError.self) {
                try writer.writeCommit(tree: .emptyTree, parents: [], message: "m", author: bad, committer: bad)
            }
        }
    }

    private func onlyPack(_ repository: GitRepository) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack")
        let idx = try #require(names.first { $0.hasSuffix(".idx") })
        return repository.path + "/objects/pack/" + idx
    }
}
