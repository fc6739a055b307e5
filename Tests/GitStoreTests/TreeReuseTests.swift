import Foundation
import GitStore
import Testing

@Suite("ObjectWriter: unchanged objects are reused, not rewritten")
struct TreeReuseTests {
    @Test func writingTheSameFilesAgainWritesNoPack() throws {
        try withRepository { repository in
            let files = cityFiles(2000)
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: files, base: nil)
            try writer.finish()
            let before = try objectCounts(repository)

            for base in [nil, root] {
                let again = try repository.makeWriter()
                #expect(try again.writeTree(files: files.reversed(), base: base) == root)
                try again.finish()
                #expect(try objectCounts(repository) == before)
            }
            #expect(before["packs"] == 1)
        }
    }

    @Test func threeChangedFilesRewriteOnlyTheirSubtrees() throws {
        try withRepository { repository in
            let files = cityFiles(2000)
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: files, base: nil)
            try writer.finish()
            let inPack = try #require(try objectCounts(repository)["in-pack"])

            let changed: Set<Int> = [3, 1000, 1999]
            let next = cityFiles(2000) { changed.contains($0) ? 2 : 0 }
            let directories = Set(changed.map { files[$0].path.split(separator: "/").dropLast().joined(separator: "/") })
            let incremental = try repository.makeWriter()
            let newRoot = try incremental.writeTree(files: next, base: root)
            try incremental.finish()

            // 3 blobs + each touched fan-out directory + records/City + records + root.
            let written = try #require(try objectCounts(repository)["in-pack"]) - inPack
            #expect(written == 3 + directories.count + 3)
            #expect(try objectCounts(repository)["packs"] == 2)
            let deltas = try repository.diffTrees(from: root, to: newRoot)
            #expect(Set(deltas.map(\.path)) == Set(changed.map { files[$0].path }))
            try git(in: repository, "fsck", "--strict", "--no-dangling")

            // Without a base the result is the same tree and still nothing is written twice.
            let fresh = try repository.makeWriter()
            #expect(try fresh.writeTree(files: next, base: nil) == newRoot)
            try fresh.finish()
            #expect(try objectCounts(repository)["packs"] == 2)
        }
    }

    @Test func removedAndAddedFilesAgainstABase() throws {
        try withRepository { repository in
            let files = cityFiles(400)
            let writer = try repository.makeWriter()
            let root = try writer.writeTree(files: files, base: nil)
            try writer.finish()

            var next = Array(files.dropFirst(2))
            next.append(TreeFile(path: "records/Town/00/t.json", content: Array("t\n".utf8)))
            let second = try repository.makeWriter()
            let newRoot = try second.writeTree(files: next, base: root)
            try second.finish()
            let deltas = try repository.diffTrees(from: root, to: newRoot)
            #expect(deltas.filter { $0.new == nil }.map(\.path).sorted() == files.prefix(2).map(\.path).sorted())
            #expect(deltas.filter { $0.old == nil }.map(\.path) == ["records/Town/00/t.json"])
            try git(in: repository, "fsck", "--strict", "--no-dangling")
        }
    }

    @Test func splicedSubtreesAreReusedWithoutTheirFiles() throws {
        try withRepository { repository in
            let airports = (0..<50).map { TreeFile(path: "records/Airport/0\($0 % 3)/a\($0).json", content: Array("\($0)\n".utf8)) }
            let writer = try repository.makeWriter()
            let full = try writer.writeTree(files: cityFiles(100) + airports, base: nil)
            let airportTree = try #require(try? writer.writeTree(files: airports, base: nil))
            try writer.finish()
            let airportSubtree = try #require(try repository.entry(at: "records/Airport", inTree: full))
            #expect(try repository.entry(at: "records/Airport", inTree: airportTree)?.id == airportSubtree.id)

            let second = try repository.makeWriter()
            let spliced = try second.writeTree(
                files: cityFiles(100), subtrees: ["records/Airport": airportSubtree.id], base: full)
            try second.finish()
            #expect(spliced == full)

            let missing = ObjectID(hex: String(repeating: "1", count: 40))!
            let error = try #require(throws: GitError.self) {
                try repository.makeWriter().writeTree(files: [], subtrees: ["x/y": missing], base: nil)
            }
            #expect(error.code == .notFound)
            #expect(error.context == "x/y")
            #expect(throws: GitError.self) {
                try repository.makeWriter().writeTree(
                    files: airports, subtrees: ["records/Airport": airportSubtree.id], base: nil)
            }
        }
    }

    @Test func emptyFileListIsTheEmptyTree() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            #expect(try writer.writeTree(files: [], base: nil) == .emptyTree)
            let commit = try writer.commit(tree: .emptyTree)
            try writer.finish()
            #expect(try repository.tree(.emptyTree).isEmpty)
            #expect(try repository.commit(commit).tree == .emptyTree)
        }
    }
}
