import CLibGit2
import Foundation
import Testing

@testable import GitStore

@Suite("PackReader: objects read from the packs without libgit2")
struct PackReaderTests {
    /// Blobs of every size class: empty, small (fixed Huffman at level 1), large (zlib), and
    /// incompressible.
    static let contents: [[UInt8]] = {
        var random = SystemRandomNumberGenerator()
        return [
            [], Array("hello\n".utf8), Array(String(repeating: "{\"a\": 1}\n", count: 300).utf8),
            (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) },
        ]
    }()

    @Test(arguments: [Int32(0), 1, 6])
    func readsWhatAWriterWroteAtEveryLevel(level: Int32) throws {
        try withRepository { repository in
            let writer = try repository.makeWriter(compressionLevel: level)
            let ids = try Self.contents.map { try writer.writeBlob($0) }
            let tree = try writer.writeTree([TreeEntry(name: "a", id: ids[1], isTree: false)])
            try writer.finish()
            let reader = try PackReader(packDirectory: repository.path + "/objects/pack")
            for (id, content) in zip(ids, Self.contents) {
                let object = try #require(reader.object(id))
                #expect(object.type == GIT_OBJECT_BLOB)
                #expect(object.content == content)
            }
            let object = try #require(reader.object(tree))
            #expect(object.type == GIT_OBJECT_TREE)
            #expect(object.content == Array("100644 a\0".utf8) + ids[1].bytes)
            #expect(reader.object(ObjectID(bytes: [UInt8](repeating: 0xAB, count: 20))) == nil)
        }
    }

    /// Located blobs are read where they were found, and prefetching them is a hint: objects in
    /// the packs, objects no pack holds and absent ids read as `blob(_:)` reads them, from packs
    /// dropped from the page cache too.
    @Test func locatedBlobsReadAsBlobsDo() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let ids = try Self.contents.map { try writer.writeBlob($0) }
            try writer.finish()
            let pack = try #require(
                try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack")
                    .first { $0.hasSuffix(".pack") })
            let descriptor = open(repository.path + "/objects/pack/" + pack, O_RDONLY)
            #expect(posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED) == 0)
            close(descriptor)
            let written = try git(
                ["--git-dir", repository.path, "hash-object", "-w", "--stdin"], input: Array("loose\n".utf8))
            let loose = try #require(ObjectID(hex: String(written.output.dropLast())))
            try repository.refreshObjects()
            let unknown = ObjectID(bytes: [UInt8](repeating: 0xAB, count: 20))
            let locations = try repository.locateBlobs(ids + [unknown, loose, nil])
            #expect(locations.count == ids.count + 3)
            #expect(locations.prefix(ids.count).allSatisfy { $0 != nil })
            #expect(locations.suffix(3).allSatisfy { $0 == nil })
            GitRepository.prefetch(at: locations)
            try repository.prefetch(ids + [unknown, loose])
            for (index, (id, content)) in zip(ids, Self.contents).enumerated() {
                #expect(try repository.blob(id, at: locations[index]) == content)
            }
            #expect(try repository.blob(loose, at: nil) == Array("loose\n".utf8))
            #expect(throws: GitError.self) { try repository.blob(unknown, at: nil) }
        }
    }

    /// Objects less than the gap apart are asked for as one range, from the first one's offset to
    /// the end of the last one's first read, whatever order they come in; farther ones start a
    /// range of their own.
    @Test func objectsCloseTogetherAreAskedForAsOneRange() {
        let (gap, first) = (PackReader.coalescingGap, PackReader.firstRead)
        #expect(PackReader.readRanges(offsets: []) == [])
        #expect(PackReader.readRanges(offsets: [12]) == [12..<12 + first])
        let far = 12 + 2 * first + 2 * gap + 1
        #expect(
            PackReader.readRanges(offsets: [far, 100, 12, 12 + first + gap])
                == [12..<12 + 2 * first + gap, far..<far + first])
    }

    @Test func deltasAreLeftToLibgit2AndStillRead() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            // Near-identical large blobs, which `git repack -f` stores as deltas of one another.
            let base = Array(String(repeating: "line of a record\n", count: 2_000).utf8)
            let versions = (0..<4).map { base + Array("version \($0)\n".utf8) }
            let ids = try versions.map { try writer.writeBlob($0) }
            let tree = try writer.writeTree(
                ids.enumerated().map { TreeEntry(name: "v\($0.offset)", id: $0.element, isTree: false) })
            let commit = try writer.writeCommit(
                tree: tree, parents: [], message: "versions", author: testSignature, committer: testSignature)
            try writer.finish()
            try repository.updateReference("refs/heads/main", to: commit, expecting: nil, message: "test")
            try git(in: repository, "repack", "-a", "-d", "-f", "--depth=10", "--window=10")
            let deltas = try git(in: repository, "verify-pack", "-v", packIndexes(repository)[0])
            #expect(deltas.contains("chain length"), "git repack wrote no delta")
            try repository.refreshObjects()
            let reader = try PackReader(packDirectory: repository.path + "/objects/pack")
            #expect(ids.contains { reader.object($0) == nil }, "a delta was read as a whole object")
            for (id, version) in zip(ids, versions) {
                #expect(try repository.blob(id) == version)
            }
        }
    }

    @Test func aPackInstalledLaterIsReadAfterTheRefresh() throws {
        try withRepository { repository in
            let first = try repository.makeWriter()
            let old = try first.writeBlob(Array("old\n".utf8))
            try first.finish()
            #expect(try repository.blob(old) == Array("old\n".utf8))
            let second = try repository.makeWriter()
            let new = try second.writeBlob(Array("new\n".utf8))
            try second.finish()
            #expect(try repository.packs.object(new)?.content == Array("new\n".utf8))
        }
    }

    /// Readers of one directory share its packs, each opened once; a pack whose files changed
    /// since is opened afresh, and a pack no reader holds is closed.
    @Test func readersShareThePacksTheyRead() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let id = try writer.writeBlob(Self.contents[2])
            try writer.finish()
            repository.forgetPacks()
            let directory = repository.path + "/objects/pack"
            weak var closed: Pack?
            do {
                let first = try PackReader(packDirectory: directory)
                let second = try PackReader(packDirectory: directory)
                #expect(first.packs.count == 1)
                #expect(first.packs.first === second.packs.first)
                let pack = try packIndexes(repository)[0].replacing(".idx", with: ".pack")
                let size = try #require(FileManager.default.attributesOfItem(atPath: pack)[.size] as? Int)
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pack)
                #expect(truncate(pack, off_t(size + 1)) == 0)
                let third = try PackReader(packDirectory: directory)
                #expect(third.packs.count == 1)
                #expect(third.packs.first !== second.packs.first)
                #expect(third.object(id)?.content == Self.contents[2])
                closed = third.packs.first
            }
            #expect(closed == nil)
        }
    }

    @Test func aTruncatedPackIsLeftToLibgit2WhichReportsIt() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            let id = try writer.writeBlob(Self.contents[3])
            try writer.finish()
            let pack = try packIndexes(repository)[0].replacing(".idx", with: ".pack")
            let size = try #require(FileManager.default.attributesOfItem(atPath: pack)[.size] as? Int)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pack)
            #expect(truncate(pack, off_t(size / 2)) == 0)
            let reopened = try GitRepository(bareAt: repository.path)
            #expect(try reopened.packs.object(id) == nil)
            #expect(throws: GitError.self) { try reopened.blob(id) }
        }
    }

    @Test func packsBeyondTheLargestAreLeftToLibgit2() throws {
        try withRepository { repository in
            var written: [(id: ObjectID, content: [UInt8])] = []
            for number in 0..<(PackReader.maximumPacks + 2) {
                let writer = try repository.makeWriter()
                let content = Array("object \(number)\n".utf8)
                written.append((try writer.writeBlob(content), content))
                try writer.finish()
            }
            let reader = try PackReader(packDirectory: repository.path + "/objects/pack")
            #expect(written.filter { reader.object($0.id) == nil }.count == 2)
            for (id, content) in written { #expect(try repository.blob(id) == content) }
        }
    }

    /// A reader that tables every object reads each object of packs of one object and of
    /// thousands; an id no pack holds is found by neither reader, not even one that differs from a
    /// held id only in its last byte (the same slot and tag).
    @Test func aTableOfEveryObjectFindsWhatTheIndexesHold() throws {
        try withRepository { repository in
            var written: [(id: ObjectID, content: [UInt8])] = []
            for number in 0..<5 {
                let writer = try repository.makeWriter()
                for item in 0..<(number == 2 ? 3_000 : 1) {
                    let content = Array("object \(number) \(item)\n".utf8)
                    written.append((try writer.writeBlob(content), content))
                }
                try writer.finish()
            }
            #expect(try packIndexes(repository).count == 5)
            let searching = try PackReader(packDirectory: repository.path + "/objects/pack")
            let tabling = try PackReader(packDirectory: repository.path + "/objects/pack", tablingEveryObject: true)
            for (id, content) in written {
                #expect(tabling.object(id)?.content == content)
            }
            var near = written[1].id.bytes
            near[19] ^= 1
            for absent in [ObjectID(bytes: [UInt8](repeating: 0xAB, count: 20)), ObjectID(bytes: near)] {
                #expect(tabling.object(absent) == nil)
                #expect(searching.object(absent) == nil)
            }
        }
    }

    private func packIndexes(_ repository: GitRepository) throws -> [String] {
        let directory = repository.path + "/objects/pack"
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".idx") }
            .map { directory + "/" + $0 }
    }
}
