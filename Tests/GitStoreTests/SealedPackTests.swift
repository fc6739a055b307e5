import CLibGit2
import Foundation
import Testing

@testable import GitStore

@Suite("ObjectWriter.sealPack: a pack installed while the writer goes on")
struct SealedPackTests {
    private func packs(_ repository: GitRepository) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack")
            .filter { $0.hasSuffix(".pack") && $0.hasPrefix("pack-") }.sorted()
    }

    /// Blobs sealed in one pack, trees naming them written into the next: the sealed blobs count
    /// as the writer's (not written twice, found for the trees), nothing is installed before
    /// `finish()`, and afterwards both packs are installed, read back, and clean for git.
    @Test func sealedObjectsAreTheWritersUntilFinishAndInstalledBy() throws {
        try withRepository { repository in
            let files = cityFiles(2_000)
            let writer = try repository.makeWriter()
            let ids = try files.map { try writer.writeBlob($0.content) }
            writer.sealPack(minimumSize: 0)
            #expect(ids.allSatisfy { writer.contains($0) })
            #expect(try packs(repository).isEmpty)
            // Written again: already the writer's, so the next pack does not hold them.
            for file in files { _ = try writer.writeBlob(file.content) }
            let tree = try writer.writeTree(blobs: zip(files, ids).map { ($0.path, $1) }, base: nil)
            let commit = try writer.commit(tree: tree)
            try writer.finish()

            #expect(try packs(repository).count == 2)
            // Each object once: the blobs, the root, records/, City/, its fan-out directories, the commit.
            let directories = Set(files.map { $0.path.split(separator: "/")[2] }).count
            #expect(try objectCounts(repository)["in-pack"] == files.count + 3 + directories + 1)
            try git(in: repository, "fsck", "--strict", "--full", "--no-dangling")
            for pack in try packs(repository) {
                try git(in: repository, "verify-pack", repository.path + "/objects/pack/" + pack)
            }
            for (file, id) in zip(files, ids).prefix(50) { #expect(try repository.blob(id) == file.content) }
            #expect(try git(in: repository, "cat-file", "-t", commit.hex) == "commit\n")
            #expect(try git(in: repository, "ls-tree", "-r", tree.hex).split(separator: "\n").count == files.count)
        }
    }

    /// Packs reaching the size limit are sealed as objects are written; all of them are installed
    /// by `finish()`, and none by a writer that never finishes.
    @Test func aPackIsSealedAtItsSizeLimitAndInstalledOnlyByFinish() throws {
        try withRepository { repository in
            let files = cityFiles(3_000)
            do {
                let abandoned = try repository.makeWriter()
                abandoned.packSizeLimit = 16 << 10
                for file in files.prefix(500) { _ = try abandoned.writeBlob(file.content) }
            }
            // Nothing of it is left: no pack, no temporary file.
            #expect(try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack").isEmpty)

            let writer = try repository.makeWriter()
            writer.packSizeLimit = 16 << 10
            let tree = try writer.writeTree(files: files, base: nil)
            let commit = try writer.commit(tree: tree)
            #expect(try packs(repository).isEmpty)
            try writer.finish()

            let bytes = files.reduce(0) { $0 + $1.content.count }
            #expect(try packs(repository).count >= bytes / (16 << 10))
            try git(in: repository, "fsck", "--strict", "--full", "--no-dangling")
            #expect(try git(in: repository, "ls-tree", "-r", tree.hex).split(separator: "\n").count == files.count)
            #expect(try git(in: repository, "cat-file", "-t", commit.hex) == "commit\n")
            for file in files.prefix(50) {
                #expect(try repository.blob(ObjectFormat.id(of: .blob, content: file.content)) == file.content)
            }
        }
    }

    /// A blob given by id (a large import's) is looked for in the open pack and the repository,
    /// not in the packs sealed before: given again after a seal, it is in both packs, once in
    /// each, and git reads the result. A tree of such blobs is written without looking them up;
    /// when they are checked, one written nowhere is refused.
    @Test func blobsGivenByIdSkipTheSealedPacks() throws {
        try withRepository { repository in
            let files = cityFiles(200)
            let writer = try repository.makeWriter()
            let ids = files.map { ObjectFormat.id(of: .blob, content: $0.content) }
            for (file, id) in zip(files, ids) { try writer.writeBlob(file.content, id: id) }
            writer.sealPack(minimumSize: 0)
            for (file, id) in zip(files, ids) { try writer.writeBlob(file.content, id: id) }
            // Given again in the open pack: not written a third time.
            for (file, id) in zip(files, ids) { try writer.writeBlob(file.content, id: id) }
            let blobs = zip(files, ids).map { (path: $0.path, id: $1) }
            let tree = try writer.writeTree(blobs: blobs, base: nil, checkingBlobs: false)
            // Another writer, never finished, so that what it writes before it refuses is not installed.
            let missing = ObjectFormat.id(of: .blob, content: Array("written nowhere\n".utf8))
            #expect(throws: GitError.self) {
                try repository.makeWriter().writeTree(blobs: [(path: "records/City/00/m.json", id: missing)], base: nil)
            }
            let commit = try writer.commit(tree: tree)
            try writer.finish()

            #expect(try packs(repository).count == 2)
            let directories = Set(files.map { $0.path.split(separator: "/")[2] }).count
            #expect(try objectCounts(repository)["in-pack"] == 2 * files.count + 3 + directories + 1)
            try git(in: repository, "fsck", "--strict", "--full", "--no-dangling")
            for pack in try packs(repository) {
                try git(in: repository, "verify-pack", repository.path + "/objects/pack/" + pack)
            }
            #expect(try git(in: repository, "cat-file", "-t", commit.hex) == "commit\n")
            for (file, id) in zip(files, ids).prefix(20) { #expect(try repository.blob(id) == file.content) }
        }
    }

    /// A tree is not looked for in a sealed pack of blobs alone, but is in one that holds trees:
    /// written again after such a pack is sealed, it is not written twice.
    @Test func treesAreLookedForInTheSealedPacksThatHoldTrees() throws {
        try withRepository { repository in
            let files = cityFiles(300)
            let writer = try repository.makeWriter()
            let ids = try files.map { try writer.writeBlob($0.content) }
            writer.sealPack(minimumSize: 0)
            let blobs = zip(files, ids).map { (path: $0.path, id: $1) }
            let tree = try writer.writeTree(blobs: blobs, base: nil)
            writer.sealPack(minimumSize: 0)
            #expect(try writer.writeTree(blobs: blobs, base: nil) == tree)
            _ = try writer.commit(tree: tree)
            try writer.finish()

            #expect(try packs(repository).count == 3)
            let directories = Set(files.map { $0.path.split(separator: "/")[2] }).count
            #expect(try objectCounts(repository)["in-pack"] == files.count + 3 + directories + 1)
            try git(in: repository, "fsck", "--strict", "--full", "--no-dangling")
        }
    }

    /// Once a pack reaches the size limit, the writer is writing more than the page cache should
    /// keep: every pack of blobs it installs has left the cache, the last one too, which never
    /// reached the limit. The tree written after the caller seals the blobs stays cached, as does
    /// the one pack of a writer that never reached the limit. All are read back whole. 64 blobs
    /// fill their last pack to the limit, 60 leave it for the caller to seal.
    @Test(arguments: [(false, 64), (true, 64), (true, 60)])
    func packsPastTheSizeLimitLeaveThePageCache(reachingTheLimit: Bool, blobCount: Int) throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            if reachingTheLimit { writer.packSizeLimit = 256 << 10 }
            // Blobs of 32 KiB that do not compress.
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            let blobs = (0..<blobCount).map { _ in
                (0..<4_096).flatMap { _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return withUnsafeBytes(of: state) { Array($0) }
                }
            }
            let ids = try blobs.map { try writer.writeBlob($0) }
            writer.sealPack()
            let files = ids.indices.map { (path: "records/Blob/0\($0 % 4)/b\($0).json", id: ids[$0]) }
            let tree = try writer.writeTree(blobs: files, base: nil, checkingBlobs: false)
            try writer.finish()

            let names = try packs(repository)
            #expect(reachingTheLimit ? names.count >= 9 : names.count == 1)
            // Looked at before git reads the packs into the cache.
            let paths = names.map { repository.path + "/objects/pack/" + $0 }
            let cached = try paths.map { path in
                let descriptor = open(path, O_RDONLY)
                try #require(descriptor >= 0)
                defer { close(descriptor) }
                return cksync_is_cached(descriptor, 0)
            }
            try #require(cached.allSatisfy { $0 >= 0 }, "this system cannot tell what is in the page cache")
            for (path, cached) in zip(paths, cached) {
                let holdsTheTree = try git(in: repository, "verify-pack", "-v", path).contains(tree.hex)
                #expect(cached == (reachingTheLimit && !holdsTheTree ? 0 : 1), "\(path)")
            }
            for (blob, id) in zip(blobs, ids) { #expect(try repository.blob(id) == blob) }
            #expect(try git(in: repository, "ls-tree", "-r", tree.hex).split(separator: "\n").count == blobs.count)
        }
    }

    /// `finish()` ends a large import too: the writer's next pack stays cached.
    @Test func finishEndsALargeImport() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            writer.packSizeLimit = 16 << 10
            for file in cityFiles(500) { _ = try writer.writeBlob(file.content) }
            try writer.finish()
            let imported = Set(try packs(repository))
            #expect(imported.count > 1)
            _ = try writer.writeBlob(Array("after the import\n".utf8))
            try writer.finish()

            let added = try packs(repository).filter { !imported.contains($0) }
            try #require(added.count == 1)
            let descriptor = open(repository.path + "/objects/pack/" + added[0], O_RDONLY)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            #expect(cksync_is_cached(descriptor, 0) == 1)
        }
    }

    @Test func aSmallPackIsLeftOpen() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            _ = try writer.writeBlob(Array("small\n".utf8))
            writer.sealPack()
            _ = try writer.writeBlob(Array("more\n".utf8))
            try writer.finish()
            #expect(try packs(repository).count == 1)
        }
    }

    /// A sealed pack that cannot be installed fails `finish()`, which installs nothing after it.
    @Test func aSealedPackThatFailsToInstallFailsFinish() throws {
        try withRepository { repository in
            let writer = try repository.makeWriter()
            _ = try writer.writeBlob(Array("sealed\n".utf8))
            // The pack's temporary file vanishes: moving it into place fails.
            let directory = repository.path + "/objects/pack"
            for name in try FileManager.default.contentsOfDirectory(atPath: directory)
            where name.hasPrefix(StalePackFiles.prefix) {
                try FileManager.default.removeItem(atPath: directory + "/" + name)
            }
            writer.sealPack(minimumSize: 0)
            _ = try writer.writeBlob(Array("after\n".utf8))
            #expect(throws: GitError.self) { try writer.finish() }
            #expect(try packs(repository).isEmpty)
        }
    }
}
