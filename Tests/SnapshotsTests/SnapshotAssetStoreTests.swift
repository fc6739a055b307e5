import Dispatch
import Foundation
import GitStore
import Records
import Synchronization
import Testing

@testable import Snapshots

/// The resolver Snapshots gives the mapper: blobs written into the pack from many threads, and
/// cached blob ids reused only for a file whose stat matches and is older than the cache.
@Suite struct SnapshotAssetStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-store-\(UUID().uuidString)")
        .path

    func file(_ name: String) -> AssetFile {
        AssetFile(path: directory + "/" + name, workspacePath: name, workspace: directory)
    }

    @Test func filesResolvedOnManyThreadsAreAllStoredOnce() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/files", withIntermediateDirectories: true)
        // 200 files, 50 distinct contents.
        for index in 0..<200 {
            try Data("content \(index % 50)\n".utf8).write(to: URL(fileURLWithPath: directory + "/files/\(index)"))
        }
        let repository = try GitRepository.create(bareAt: directory + "/repo.git")
        let writer = try repository.makeWriter()
        let store = AssetStore(workspace: directory, writer: writer, known: [:], cacheWritten: nil)
        let results = Mutex<[Int: Asset]>([:])
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            do throws(AssetError) {
                let asset = try store.asset(at: file("files/\(index)"))
                results.withLock { $0[index] = asset }
            } catch {
                Issue.record("files/\(index): \(error.message)")
            }
        }
        try writer.finish()
        let assets = results.withLock { $0 }
        #expect(assets.count == 200)
        #expect(Set(assets.values.compactMap(\.content)).count == 50)
        for (index, asset) in assets {
            let content = try #require(asset.content)
            let id = try #require(ObjectID(hex: content))
            #expect(try repository.blob(id) == Array("content \(index % 50)\n".utf8))
        }
        #expect(store.usedFiles.count == 200)
    }

    @Test func aCachedBlobIDIsReusedOnlyForATrustedMatchingStat() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("new bytes".utf8).write(to: URL(fileURLWithPath: directory + "/a.png"))
        let repository = try GitRepository.create(bareAt: directory + "/repo.git")
        let setUp = try repository.makeWriter()
        let remembered = try setUp.writeBlob(Array("old bytes".utf8))
        try setUp.finish()
        let stat = try #require(FileStat(path: directory + "/a.png"))
        let known = ["a.png": AssetCache.Entry(stat: stat, blob: remembered)]
        var later = stat
        later.modifiedSeconds += 10
        later.changedSeconds += 10

        // Trusted and matching: the file is not read, its remembered blob is the answer.
        let writer = try repository.makeWriter()
        let trusted = AssetStore(workspace: directory, writer: writer, known: known, cacheWritten: later)
        #expect(try trusted.asset(at: file("a.png")).content == remembered.hex)
        // As new as the cache (racily clean), or no cache: the file is read and hashed.
        for cacheWritten in [stat, nil] as [FileStat?] {
            let store = AssetStore(workspace: directory, writer: writer, known: known, cacheWritten: cacheWritten)
            let asset = try store.asset(at: file("a.png"))
            #expect(asset.content != remembered.hex)
            #expect(asset.size == 9)
        }
    }
}
