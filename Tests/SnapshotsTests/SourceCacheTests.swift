import Foundation
import GitStore
import Records
import Testing

@testable import Snapshots

/// The stat cache's guard for racily clean files (issue 10, 12): an entry whose file is not
/// strictly older than the cache file is not trusted, as git does with its index.
@Suite struct SourceCacheTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-cache-\(UUID().uuidString)")
        .path

    func type() throws -> RecordTypeConfiguration {
        try #require(
            WorkspaceConfiguration.parse(
                """
                [[types]]
                name = "Airport"
                source = "data/airports.csv"
                record-name = "{icao}"
                [types.fields]
                name = "STRING"
                """, file: "cksync.toml"
            ).types.first)
    }

    func stat(seconds: Int64, nanoseconds: Int64) -> FileStat {
        FileStat(
            size: 10, modifiedSeconds: seconds, modifiedNanoseconds: nanoseconds, changedSeconds: seconds,
            changedNanoseconds: nanoseconds, inode: 7)
    }

    /// Indexes are schema, not mapping: adding one must not make cksync read the source again.
    @Test func indexesDoNotChangeTheMappingDigest() throws {
        var type = try type()
        let before = SourceCache.digest(of: type)
        type.fields[0].indexes = [.queryable, .sortable]
        #expect(SourceCache.digest(of: type) == before)
        type.fields[0].type = .stringList
        #expect(SourceCache.digest(of: type) != before)
    }

    @Test func anEntryAsNewAsTheCacheIsReadAgainAndTrustedAfterTheNextSave() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/source-cache"
        let type = try type()
        let tree = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))

        var cache = SourceCache(path: path)
        cache.remember(type, stat: stat(seconds: 1_000, nanoseconds: 0), tree: tree, hadInvalid: false)
        // A file modified at the very time the cache is written: as far in the future as needed.
        let racy = stat(seconds: Int64(Date().timeIntervalSince1970) + 86_400, nanoseconds: 0)
        var racyCache = SourceCache(path: path + "-racy")
        racyCache.remember(type, stat: racy, tree: tree, hadInvalid: false)
        cache.save()
        racyCache.save()

        let written = try #require(FileStat(path: path + "-racy"))
        let sameTime = stat(seconds: written.modifiedSeconds, nanoseconds: written.modifiedNanoseconds)
        var sameTimeCache = SourceCache(path: path + "-same")
        sameTimeCache.remember(type, stat: sameTime, tree: tree, hadInvalid: false)
        sameTimeCache.save()
        // Whatever the clock did, the cache file's mtime is set to exactly the file's.
        var times = [
            timespec(tv_sec: Int(sameTime.modifiedSeconds), tv_nsec: Int(sameTime.modifiedNanoseconds)),
            timespec(tv_sec: Int(sameTime.modifiedSeconds), tv_nsec: Int(sameTime.modifiedNanoseconds)),
        ]
        #expect(utimensat(AT_FDCWD, path + "-same", &times, 0) == 0)

        #expect(SourceCache(path: path).tree(for: type, stat: stat(seconds: 1_000, nanoseconds: 0)) == tree)
        #expect(SourceCache(path: path + "-racy").tree(for: type, stat: racy) == nil)
        #expect(SourceCache(path: path + "-same").tree(for: type, stat: sameTime) == nil)

        // The next save comes strictly after the old file's times: the entry is trusted again.
        var later = SourceCache(path: path + "-same")
        later.remember(type, stat: sameTime, tree: tree, hadInvalid: false)
        var newer = times
        newer[0].tv_sec += 1
        newer[1].tv_sec += 1
        later.save()
        #expect(utimensat(AT_FDCWD, path + "-same", &newer, 0) == 0)
        #expect(SourceCache(path: path + "-same").tree(for: type, stat: sameTime) == tree)
    }

    @Test func strictlyOlderComparesBothTimesToTheNanosecond() {
        let cache = stat(seconds: 50, nanoseconds: 500)
        #expect(SourceCache.isStrictlyOlder(stat(seconds: 50, nanoseconds: 499), than: cache))
        #expect(!SourceCache.isStrictlyOlder(stat(seconds: 50, nanoseconds: 500), than: cache))
        #expect(!SourceCache.isStrictlyOlder(stat(seconds: 51, nanoseconds: 0), than: cache))
        var changedLater = stat(seconds: 40, nanoseconds: 0)
        changedLater.changedSeconds = 50
        changedLater.changedNanoseconds = 500
        #expect(!SourceCache.isStrictlyOlder(changedLater, than: cache))
    }
}
