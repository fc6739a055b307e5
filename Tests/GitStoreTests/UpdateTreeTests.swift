import Foundation
import GitStore
import Testing

@Suite("ObjectWriter.updateTree: incremental changes to an existing tree")
struct UpdateTreeTests {
    @Test func patchEqualsTheFullTreeAndWritesOnlyTouchedObjects() throws {
        try withRepository { repository in
            let files = cityFiles(2000)
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: files, base: nil)
            try writer.finish()
            let before = try #require(try objectCounts(repository)["in-pack"])

            // Change 3, delete 2, add one in a new type; and empty one fan-out directory entirely.
            var expected = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.content) })
            var changes: [String: [UInt8]?] = [:]
            for n in [5, 600, 1500] { changes[files[n].path] = Array("changed \(n)\n".utf8) }
            for n in [7, 8] { changes[files[n].path] = .some(nil) }
            changes["records/Town/00/t.json"] = Array("town\n".utf8)
            let emptied = "records/City/" + files[42].path.split(separator: "/")[2]
            for file in files where file.path.hasPrefix(emptied + "/") { changes[file.path] = .some(nil) }
            for (path, content) in changes { expected[path] = content }

            let update = try repository.makeWriter()
            let patched = try update.updateTree(root, changes: changes)
            try update.finish()
            let full = try repository.makeWriter()
            let rebuilt = try full.writeTree(
                files: expected.map { TreeFile(path: $0.key, content: $0.value) }, base: nil)
            try full.finish()
            #expect(patched == rebuilt)
            #expect(try repository.entry(at: emptied, inTree: patched) == nil)
            try git(in: repository, "fsck", "--strict", "--no-dangling")

            let touched = Set(changes.keys.map { $0.split(separator: "/").dropLast().joined(separator: "/") })
                .subtracting([emptied])
            // 4 new blobs, the touched fan-out trees, records/Town, records/City, records, root.
            let written = try #require(try objectCounts(repository)["in-pack"]) - before
            #expect(written == 4 + touched.count + 4)
        }
    }

    @Test func aPatchThatChangesNothingWritesNothingAndARevertReadsBack() throws {
        try withRepository { repository in
            let files = cityFiles(500)
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: files, base: nil)
            try writer.finish()
            let before = try #require(try objectCounts(repository)["in-pack"])

            let same = try repository.makeWriter()
            let unchanged = [files[9].path: files[9].content, files[10].path: files[10].content]
            #expect(try same.updateTree(root, changes: unchanged) == root)
            try same.finish()
            #expect(try objectCounts(repository)["in-pack"] == before)

            // A revert writes the trees and blob it brings back once more, rather than look for
            // them in every pack; git reads the repository as before.
            let edit = try repository.makeWriter()
            let edited = try edit.updateTree(root, changes: [files[9].path: Array("edited\n".utf8)])
            try edit.finish()
            let revert = try repository.makeWriter()
            #expect(try revert.updateTree(edited, changes: [files[9].path: files[9].content]) == root)
            try revert.finish()
            try git(in: repository, "fsck", "--strict", "--no-dangling")
            let read = try git(in: repository, "cat-file", "-p", "\(root.hex):\(files[9].path)")
            #expect(read == String(decoding: files[9].content, as: UTF8.self))
        }
    }

    @Test func deletingEverythingGivesTheEmptyTree() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: [TreeFile(path: "a/b/c", content: [1])], base: nil)
            #expect(try writer.updateTree(nil, changes: ["a/b/c": [1]]) == root)
            let unfinished = try #require(throws: GitError.self) { try writer.updateTree(root, changes: ["d": [2]]) }
            #expect(unfinished.message.contains("finish()"))
            try writer.finish()
            #expect(try repository.makeWriter().updateTree(root, changes: ["d": [2]]) != root)
            let next = try repository.makeWriter()
            #expect(try next.updateTree(root, changes: ["a/b/c": nil]) == .emptyTree)
            #expect(try next.updateTree(root, changes: [:], subtrees: ["a": nil]) == .emptyTree)
            try next.finish()
            #expect(repository.contains(.emptyTree))
        }
    }

    @Test func splicesAndConflicts() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let sub = try writer.writeTree(files: [TreeFile(path: "x.json", content: [1])], base: nil)
            try writer.finish()
            let next = try repository.makeWriter()
            let root = try next.updateTree(nil, changes: ["top": [2]], subtrees: ["records/Airport": sub])
            try next.finish()
            #expect(try repository.entry(at: "records/Airport/x.json", inTree: root)?.isTree == false)
            let error = try #require(throws: GitError.self) {
                try repository.makeWriter().updateTree(root, changes: ["a": [1], "a/b": [2]])
            }
            #expect(error.context == "a")
        }
    }

    @Test func looseObjectsWrittenByGitAreNotRewritten() throws {
        try withRepository { repository in
            let content = Array("written by git\n".utf8)
            try git(["--git-dir", repository.path, "hash-object", "-w", "--stdin"], input: content)
            let writer = try repository.makeWriter()
            _ = try writer.writeBlob(content)
            try writer.finish()
            #expect(try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack").isEmpty)
        }
    }

    @Test func deltasOfAPatchAreWhatADiffOfTheTwoTreesFinds() throws {
        try withRepository { repository in
            let files = cityFiles(3000)
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: files, base: nil)
            try writer.finish()

            // Edits, a rewrite with the same content, deletions (one of a path that is not there),
            // additions to existing and to new directories, and a fan-out directory emptied.
            var changes: [String: [UInt8]?] = [:]
            for n in [5, 600, 1500, 2999] { changes[files[n].path] = Array("changed \(n)\n".utf8) }
            changes[files[9].path] = files[9].content
            for n in [7, 8] { changes[files[n].path] = .some(nil) }
            changes["records/City/zz/absent.json"] = .some(nil)
            changes["records/City/00/added.json"] = Array("added\n".utf8)
            changes["records/Town/00/t.json"] = Array("town\n".utf8)
            let emptied = "records/City/" + files[42].path.split(separator: "/")[2]
            for file in files where file.path.hasPrefix(emptied + "/") { changes[file.path] = .some(nil) }

            let update = try repository.makeWriter()
            let (patched, deltas) = try update.updateTreeWithDeltas(root, changes: changes)
            try update.finish()
            #expect(try patched == repository.makeWriter().updateTree(root, changes: changes))
            let recorded = try #require(deltas).sorted { $0.path < $1.path }
            let diffed = try repository.diffTrees(from: root, to: patched).sorted { $0.path < $1.path }
            #expect(recorded == diffed)
            #expect(recorded.count == 4 + 2 + 2 + files.count { $0.path.hasPrefix(emptied + "/") })

            // A file where there was a directory: only a diff lists the files below it.
            let (replaced, unknown) = try repository.makeWriter().updateTreeWithDeltas(
                root, changes: ["records/City": Array("flat\n".utf8)])
            #expect(replaced != root)
            #expect(unknown == nil)
        }
    }

    /// Thousands of files: their blobs are compressed on a thread of their own while the tree is
    /// assembled, or hashed only when the tree needs their ids first; either way each new blob is
    /// written once, in the repository already is not written again, and git reads them all.
    @Test func manyFilesAreWrittenOnceWhicheverThreadCompressedThem() throws {
        try withRepository { repository in
            let files = cityFiles(6000)
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: files, base: nil)
            try writer.finish()
            let first = try #require(try objectCounts(repository)["in-pack"])
            let trees = Set(files.map { $0.path.split(separator: "/").dropLast().joined(separator: "/") }).count
            #expect(first == files.count + trees + 3)

            // Half the files changed, written whole: only their blobs and the trees are new.
            let changed = cityFiles(6000) { $0.isMultiple(of: 2) ? 1 : 0 }
            let whole = try repository.makeWriter()
            let rewritten = try whole.writeTree(files: changed, base: root)
            try whole.finish()
            let second = try #require(try objectCounts(repository)["in-pack"])
            #expect(second - first == 3000 + trees + 3)

            // The same change as a patch gives the same tree.
            var changes: [String: [UInt8]?] = [:]
            for n in stride(from: 0, to: changed.count, by: 2) { changes[changed[n].path] = changed[n].content }
            let patched = try repository.makeWriter().updateTree(root, changes: changes)
            #expect(patched == rewritten)
            try git(in: repository, "fsck", "--strict", "--no-dangling")
            for n in [0, 1, 2047, 4097, 5999] {
                let blob = try git(in: repository, "cat-file", "blob", "\(rewritten.hex):\(changed[n].path)")
                #expect(Array(blob.utf8) == changed[n].content)
            }
        }
    }
}
