import Foundation
import GitStore
import Testing

@Suite("GitRepository: create, open, read objects")
struct RepositoryTests {
    @Test func createThenOpen() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/snapshots.git"
            let created = try GitRepository.create(bareAt: path)
            #expect(created.path == path)
            let opened = try GitRepository(bareAt: path)
            #expect(try opened.reference("refs/heads/main") == nil)
            #expect(try git(in: opened, "symbolic-ref", "HEAD") == "refs/heads/main\n")
            #expect(try git(in: opened, "rev-parse", "--is-bare-repository") == "true\n")
        }
    }

    @Test func createRefusesAnExistingRepository() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/snapshots.git"
            _ = try GitRepository.create(bareAt: path)
            let error = try #require(throws: GitError.self) { try GitRepository.create(bareAt: path) }
            #expect(error.code == .exists)
            #expect(error.description.contains(path))
        }
    }

    @Test func openingAMissingRepositoryNamesThePath() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/nothing-here"
            let error = try #require(throws: GitError.self) { try GitRepository(bareAt: path) }
            #expect(error.function == "git_repository_open_bare")
            #expect(error.context == path)
            // libgit2's own message reaches the caller.
            #expect(error.message.contains(path) || error.message.contains("could not find repository"))
            #expect(error.description.contains(path))
        }
    }

    @Test func blobTreeCommitRoundTrip() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let blob = try writer.writeBlob(Array("hello\n".utf8))
            let empty = try writer.writeBlob([])
            let sub = try writer.writeTree([TreeEntry(name: "x.json", id: blob, isTree: false)])
            let root = try writer.writeTree([
                TreeEntry(name: "sub", id: sub, isTree: true), TreeEntry(name: "empty", id: empty, isTree: false),
            ])
            let author = Signature(name: "A", email: "a@example.com", time: 1_600_000_000, offsetMinutes: -300)
            let commitID = try writer.writeCommit(
                tree: root, parents: [], message: "first", author: author, committer: testSignature)
            #expect(!repository.contains(blob), "nothing is visible before finish()")
            try writer.finish()

            #expect(repository.contains(blob))
            #expect(try repository.blob(blob) == Array("hello\n".utf8))
            #expect(try repository.blob(empty) == [])
            #expect(
                try repository.tree(root) == [
                    TreeEntry(name: "empty", id: empty, isTree: false), TreeEntry(name: "sub", id: sub, isTree: true),
                ])
            let commit = try repository.commit(commitID)
            #expect(commit.id == commitID)
            #expect(commit.tree == root)
            #expect(commit.parents.isEmpty)
            #expect(commit.message == "first\n")
            #expect(commit.author == author)
            #expect(commit.committer == testSignature)
            #expect(try repository.entry(at: "sub/x.json", inTree: root) == TreeEntry(name: "x.json", id: blob, isTree: false))
            #expect(try repository.entry(at: "sub", inTree: root)?.isTree == true)
            #expect(try repository.entry(at: "sub/missing.json", inTree: root) == nil)
            #expect(try repository.entry(at: "empty/below", inTree: root) == nil)
        }
    }

    @Test func readingTheWrongKindOfObjectFails() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let blob = try writer.writeBlob(Array("data".utf8))
            try writer.finish()
            let error = try #require(throws: GitError.self) { try repository.tree(blob) }
            #expect(error.context == blob.hex)
            #expect(throws: GitError.self) { try repository.commit(blob) }
            let missing = ObjectID(hex: String(repeating: "ab", count: 20))!
            let notFound = try #require(throws: GitError.self) { try repository.blob(missing) }
            #expect(notFound.code == .notFound)
            #expect(notFound.description.contains(missing.hex))
            #expect(!repository.contains(missing))
        }
    }
}
