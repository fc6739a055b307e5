import Foundation
import GitStore
import Testing

@Suite("References, revisions and history")
struct ReferenceTests {
    /// Three commits on main, each with one more file; returns their ids oldest first.
    private func threeCommits(_ repository: GitRepository) throws -> [ObjectID] {
        let writer = try repository.makeWriter()
        var commits: [ObjectID] = []
        for n in 1...3 {
            let tree = try writer.writeTree(files: Array(cityFiles(n)), base: nil)
            commits.append(try writer.commit(tree: tree, parents: commits.suffix(1), message: "commit \(n)"))
        }
        try writer.finish()
        try repository.updateReference("refs/heads/main", to: commits[2], expecting: nil, message: "three")
        return commits
    }

    @Test func compareAndSwap() throws {
        try withRepository { repository in
            let commits = try threeCommits(repository)
            let ref = "refs/remotes/production/main"
            try repository.updateReference(ref, to: commits[0], expecting: nil, message: "push production")
            #expect(try repository.reference(ref) == commits[0])

            let exists = try #require(throws: GitError.self) {
                try repository.updateReference(ref, to: commits[1], expecting: nil, message: "lost")
            }
            #expect(exists.code == .exists)
            #expect(exists.context == ref)

            let moved = try #require(throws: GitError.self) {
                try repository.updateReference(ref, to: commits[2], expecting: commits[1], message: "lost")
            }
            #expect(moved.code == .modified)
            #expect(try repository.reference(ref) == commits[0])

            try repository.updateReference(
                ref, to: commits[1], expecting: commits[0], message: "push production: 1 new")
            #expect(try repository.reference(ref) == commits[1])
            let reflog = try git(in: repository, "reflog", "show", "--format=%gs", ref)
            #expect(reflog == "push production: 1 new\npush production\n")

            #expect(throws: GitError.self) {
                try repository.updateReference("refs/heads/absent", to: commits[0], expecting: commits[1], message: "x")
            }
            #expect(try repository.reference("refs/heads/absent") == nil)
        }
    }

    @Test func listReferencesByPrefix() throws {
        try withRepository { repository in
            let commits = try threeCommits(repository)
            try repository.updateReference("refs/remotes/a/main", to: commits[0], expecting: nil, message: "a")
            try repository.updateReference("refs/remotes/b/main", to: commits[1], expecting: nil, message: "b")
            #expect(
                try repository.references(prefix: "refs/remotes/") == [
                    "refs/remotes/a/main": commits[0], "refs/remotes/b/main": commits[1],
                ])
            #expect(try repository.references(prefix: "refs/heads/") == ["refs/heads/main": commits[2]])
        }
    }

    @Test func resolveRevisions() throws {
        try withRepository { repository in
            let commits = try threeCommits(repository)
            try repository.updateReference("refs/remotes/x/main", to: commits[0], expecting: nil, message: "x")
            #expect(try repository.resolve(commits[1].hex) == commits[1])
            #expect(try repository.resolve(String(commits[1].hex.prefix(7))) == commits[1])
            #expect(try repository.resolve("main") == commits[2])
            #expect(try repository.resolve("refs/heads/main") == commits[2])
            #expect(try repository.resolve("HEAD") == commits[2])
            #expect(try repository.resolve("main~1") == commits[1])
            #expect(try repository.resolve("HEAD^^") == commits[0])
            #expect(try repository.resolve("refs/remotes/x/main") == commits[0])
            #expect(try repository.resolve("x/main") == commits[0])

            let error = try #require(throws: GitError.self) { try repository.resolve("no-such-branch") }
            #expect(error.context == "no-such-branch")
            #expect(error.code == .notFound)
            #expect(error.description.contains("no-such-branch"))
            #expect(throws: GitError.self) { try repository.resolve("main~7") }
            let tree = try repository.commit(commits[0]).tree
            #expect(throws: GitError.self) { try repository.resolve(tree.hex) }
        }
    }

    @Test func historyIsNewestFirst() throws {
        try withRepository { repository in
            let commits = try threeCommits(repository)
            let history = try repository.history(from: commits[2])
            #expect(history.map(\.id) == commits.reversed())
            #expect(history.map(\.message) == ["commit 3\n", "commit 2\n", "commit 1\n"])
            #expect(try repository.history(from: commits[2], limit: 2).map(\.id) == [commits[2], commits[1]])
        }
    }

    @Test func diffTrees() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            func files(_ pairs: [(String, String)]) -> [TreeFile] {
                pairs.map { TreeFile(path: $0.0, content: Array($0.1.utf8)) }
            }
            let old = try writer.writeTree(
                files: files([("r/A/00/keep", "k"), ("r/A/01/change", "1"), ("r/B/gone", "g"), ("top", "t")]), base: nil
            )
            let new = try writer.writeTree(
                files: files([("r/A/00/keep", "k"), ("r/A/01/change", "2"), ("r/C/new", "n"), ("top", "t")]), base: old)
            try writer.finish()
            let blob = { (path: String, tree: ObjectID) in try repository.entry(at: path, inTree: tree)?.id }

            #expect(
                try repository.diffTrees(from: old, to: new) == [
                    TreeDelta(
                        path: "r/A/01/change", old: try blob("r/A/01/change", old), new: try blob("r/A/01/change", new)),
                    TreeDelta(path: "r/B/gone", old: try blob("r/B/gone", old), new: nil),
                    TreeDelta(path: "r/C/new", old: nil, new: try blob("r/C/new", new)),
                ])
            #expect(try repository.diffTrees(from: old, to: old).isEmpty)
            let added = try repository.diffTrees(from: nil, to: new)
            #expect(added.map(\.path) == ["r/A/00/keep", "r/A/01/change", "r/C/new", "top"])
            #expect(added.allSatisfy { $0.old == nil && $0.new != nil })
            let deleted = try repository.diffTrees(from: old, to: nil)
            #expect(deleted.count == 4 && deleted.allSatisfy { $0.new == nil })
            #expect(try repository.diffTrees(from: nil, to: nil).isEmpty)
        }
    }
    /// Enough changed directories in one fan-out level to be diffed on all cores: the deltas are
    /// git's, in git's order.
    @Test func diffTreesOfAWideFanOutAgreesWithGit() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let directories = (0..<64).map { String(format: "%02x", $0) }
            let old = try writer.writeTree(
                files: directories.flatMap { directory in
                    (0..<3).map { TreeFile(path: "r/T/\(directory)/f\($0)", content: Array("\(directory) \($0)".utf8)) }
                }, base: nil)
            var changes: [String: [UInt8]?] = [:]
            for (number, directory) in directories.enumerated() {
                if number % 2 == 0 { changes["r/T/\(directory)/f1"] = Array("changed \(number)".utf8) }
                if number % 7 == 0 { changes["r/T/\(directory)/f2"] = .some(nil) }
                if number % 5 == 0 { changes["r/T/\(directory)/new"] = Array("new".utf8) }
            }
            try writer.finish()
            let patcher = try repository.makeWriter()
            let new = try patcher.updateTree(old, changes: changes)
            try patcher.finish()
            let expected = try git(in: repository, "diff-tree", "-r", "--no-renames", old.hex, new.hex)
                .split(separator: "\n").map { line in
                    // ":100644 100644 <old> <new> M\t<path>"
                    let fields = line.split(separator: " ")
                    let path = String(line.split(separator: "\t")[1])
                    let zero = String(repeating: "0", count: 40)
                    return TreeDelta(
                        path: path, old: fields[2] == zero ? nil : ObjectID(hex: String(fields[2])),
                        new: fields[3] == zero ? nil : ObjectID(hex: String(fields[3])))
                }
            #expect(expected.count == 32 + 10 + 13)
            #expect(try repository.diffTrees(from: old, to: new) == expected)
        }
    }
}
