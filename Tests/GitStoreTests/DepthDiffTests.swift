import Testing

@testable import GitStore

/// Tree diffs between a directory whose files sit one level down and the same directory with a
/// level more (a fan-out that grew): files are paired by name, not by path.
@Suite struct DepthDiffTests {
    func file(_ path: String, _ content: String) -> TreeFile { TreeFile(path: path, content: Array(content.utf8)) }

    func tree(_ files: [TreeFile], in repository: GitRepository) throws -> ObjectID {
        let writer = try repository.makeWriter()
        let tree = try writer.writeTree(files: files, base: nil)
        try writer.finish()
        return tree
    }

    @Test func sameFilesOneLevelDeeperDiffEmpty() throws {
        try withRepository { repository in
            let shallow = try tree(
                [file("T/ab/x.json", "x"), file("T/ab/y.json", "y"), file("T/cd/z.json", "z")], in: repository)
            let deep = try tree(
                [file("T/ab/01/x.json", "x"), file("T/ab/02/y.json", "y"), file("T/cd/z.json", "z")], in: repository)
            #expect(try repository.diffTrees(from: shallow, to: deep).isEmpty)
            #expect(try repository.diffTrees(from: deep, to: shallow).isEmpty)
        }
    }

    @Test func changesAcrossDepthsArePairedByNameWithTheNewerPath() throws {
        try withRepository { repository in
            let shallow = try tree(
                [
                    file("T/ab/x.json", "x"), file("T/ab/y.json", "y"), file("T/ab/gone.json", "g"),
                    file("T/cd/z.json", "z"),
                ],
                in: repository)
            let deep = try tree(
                [
                    file("T/ab/01/x.json", "x"), file("T/ab/02/y.json", "y2"), file("T/ab/03/w.json", "w"),
                    file("T/cd/z.json", "z"),
                ],
                in: repository)
            let id = { (content: String) in ObjectFormat.id(of: .blob, content: Array(content.utf8)) }

            #expect(
                try repository.diffTrees(from: shallow, to: deep) == [
                    TreeDelta(path: "T/ab/02/y.json", old: id("y"), new: id("y2")),
                    TreeDelta(path: "T/ab/03/w.json", old: nil, new: id("w")),
                    TreeDelta(path: "T/ab/gone.json", old: id("g"), new: nil),
                ])
            #expect(
                try repository.diffTrees(from: deep, to: shallow) == [
                    TreeDelta(path: "T/ab/03/w.json", old: id("w"), new: nil),
                    TreeDelta(path: "T/ab/gone.json", old: nil, new: id("g")),
                    TreeDelta(path: "T/ab/y.json", old: id("y2"), new: id("y")),
                ])
        }
    }
}
