import Foundation
import GitStore
import Testing

@Suite("Reading trees without libgit2's tree objects: diffs and batch lookups")
struct TreeReadingTests {
    /// Two versions of a tree: 800 records, then some changed, some deleted, some added, a
    /// file that becomes a directory, and a new type.
    private func twoVersions(_ repository: GitRepository) throws -> (old: ObjectID, new: ObjectID) {
        let files = cityFiles(800)
        var changes: [String: [UInt8]?] = [:]
        for n in stride(from: 3, to: 800, by: 37) { changes[files[n].path] = Array("changed \(n)\n".utf8) }
        for n in stride(from: 5, to: 800, by: 53) { changes[files[n].path] = .some(nil) }
        for n in 800..<830 { changes[cityFiles(n + 1)[n].path] = Array("new \(n)\n".utf8) }
        changes["records/Town/00/t.json"] = Array("town\n".utf8)
        changes["records/x"] = Array("a file\n".utf8)
        let writer = try repository.makeWriter()
        let old = try writer.writeTree(files: files + [TreeFile(path: "records/y", content: Array("y\n".utf8))], base: nil)
        try writer.finish()
        var next = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.content) })
        for (path, content) in changes { next[path] = content }
        next["records/y/z.json"] = Array("now a directory\n".utf8)
        let rewrite = try repository.makeWriter()
        let new = try rewrite.writeTree(files: next.map { TreeFile(path: $0.key, content: $0.value) }, base: old)
        try rewrite.finish()
        return (old, new)
    }

    @Test func diffTreesAgreesWithGit() throws {
        try withRepository { repository in
            let (old, new) = try twoVersions(repository)
            let expected = try git(in: repository, "diff-tree", "-r", "--no-renames", old.hex, new.hex)
                .split(separator: "\n").map { line -> TreeDelta in
                    // :100644 100644 <old> <new> M\t<path>
                    let parts = line.split(separator: "\t")
                    let fields = parts[0].split(separator: " ")
                    let zero = String(repeating: "0", count: 40)
                    return TreeDelta(
                        path: String(parts[1]),
                        old: fields[2] == zero ? nil : ObjectID(hex: String(fields[2])),
                        new: fields[3] == zero ? nil : ObjectID(hex: String(fields[3])))
                }
                .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            let deltas = try repository.diffTrees(from: old, to: new)
            #expect(deltas.count > 60)
            #expect(deltas == expected)
            #expect(try repository.diffTrees(from: new, to: old).map(\.path) == expected.map(\.path))
        }
    }

    @Test func blobIDsLooksUpManyPathsAtOnce() throws {
        try withRepository { repository in
            let (_, new) = try twoVersions(repository)
            let paths = cityFiles(840).map(\.path) + ["records/y/z.json", "records/y", "records/x", "nothing/here", "records"]
            let found = try repository.blobIDs(at: paths, inTree: new)
            let oneByOne = try paths.map { path in
                try repository.entry(at: path, inTree: new).flatMap { $0.isTree ? nil : $0.id }
            }
            #expect(found == oneByOne)
            #expect(found.compactMap { $0 }.count > 700)
            #expect(found[paths.count - 1] == nil)
            #expect(try repository.entryCount(ofTree: new) == 1)
        }
    }
}
