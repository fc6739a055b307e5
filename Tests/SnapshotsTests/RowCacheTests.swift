import Foundation
import GitStore
import Records
import TestSupport
import Testing

@testable import Snapshots

/// A directory of its own for the row cache of type `Airport`, alone, and its drafts.
private struct CacheDirectory {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-row-cache-\(UUID())").path
    var path: String { directory + "/Airport" }
    let configDigest = String(repeating: "a", count: 40)

    /// Fresh rows, one per name, each digested as its name.
    static func rows(_ names: [String]) -> RowCache.Rows {
        var rows = RowCache.Rows(known: .empty)
        for name in names { rows.append(fresh: RowDigest.of(name), name: name) }
        return rows
    }

    func draft(_ rows: RowCache.Rows) -> RowCache.Draft {
        RowCache.Draft(path: path, configDigest: configDigest, rows: rows, blocks: [])
    }

    func load() -> RowCache? { RowCache.load(path: path, configDigest: configDigest) }

    /// The names in the directory, sorted; none before it is made.
    func files() throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }
}

/// A workspace whose three sources (CSV, JSON object keyed by name, JSON Lines) are rows kept in
/// memory, edited at random and written out, so that every incremental tree can be checked
/// against a tree built from scratch.
private struct EditableWorkspace {
    let directory: String
    var csv: [String]
    var keyed: [(key: String, body: String)]
    var lines: [String]
    var random: SplitMix64
    var nextID = 100_000

    init(seed: UInt64, rows: Int) throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("cksync-rows-\(UUID().uuidString)").path
        random = SplitMix64(seed: seed)
        csv = []
        keyed = []
        lines = []
        for id in 0..<rows {
            csv.append(csvRow(id))
            keyed.append(("p\(id)", jsonBody(id)))
            lines.append("{\"id\": \"l\(id)\", \(jsonBody(id).dropFirst())")
        }
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try """
        [[types]]
        name = "Airport"
        source = "data/airports.csv"
        record-name = "{icao}"
        [types.fields]
        name = "STRING"
        elevation = "INT64"
        location = { type = "LOCATION", latitude = "lat", longitude = "lon" }

        [[types]]
        name = "Place"
        source = "data/places.json"
        record-name = "{$key}"
        [types.fields]
        name = "STRING"
        elevation = "INT64"

        [[types]]
        name = "Line"
        source = "data/lines.jsonl"
        record-name = "{id}"
        [types.fields]
        name = "STRING"
        elevation = "INT64"

        """.write(toFile: directory + "/cksync.toml", atomically: true, encoding: .utf8)
        try write()
    }

    mutating func csvRow(_ id: Int) -> String {
        let name = ["Heathrow", "\"a, b\"", "\"two\nlines\"", "Zürich"][Int(random.next() % 4)]
        return
            "K\(id),\(name),\(random.next() % 5000),\(Double(random.next() % 900) / 10),\(Double(random.next() % 900) / 10)"
    }

    mutating func jsonBody(_ id: Int) -> String {
        "{\"name\": \"n\(id) \(random.next() % 100)\", \"elevation\": \(random.next() % 5000)}"
    }

    func write() throws {
        try ("icao,name,elevation,lat,lon\n" + csv.joined(separator: "\n") + "\n")
            .write(toFile: directory + "/data/airports.csv", atomically: true, encoding: .utf8)
        let members = keyed.map { "  \"\($0.key)\": \($0.body)" }.joined(separator: ",\n")
        try ("{\n" + members + "\n}\n").write(
            toFile: directory + "/data/places.json", atomically: true, encoding: .utf8)
        try (lines.joined(separator: "\n") + "\n")
            .write(toFile: directory + "/data/lines.jsonl", atomically: true, encoding: .utf8)
    }

    /// Edits a few rows of every source: changes, deletions, insertions and a swap.
    mutating func edit() {
        for _ in 0..<5 {
            let id = nextID
            nextID += 1
            let index = Int(random.next() % UInt64(csv.count))
            switch random.next() % 4 {
            case 0:
                let name = csv[index].prefix { $0 != "," }
                csv[index] = String(name) + csvRow(id).drop { $0 != "," }
                keyed[index].body = jsonBody(id)
                lines[index] = "{\"id\": \"l\(index)x\", \(jsonBody(id).dropFirst())"
            case 1:
                csv.remove(at: index)
                keyed.remove(at: index)
                lines.remove(at: index)
            case 2:
                csv.insert(csvRow(id), at: index)
                keyed.insert(("p\(id)", jsonBody(id)), at: index)
                lines.insert("{\"id\": \"l\(id)\", \(jsonBody(id).dropFirst())", at: index)
            default:
                let other = Int(random.next() % UInt64(csv.count))
                csv.swapAt(index, other)
                keyed.swapAt(index, other)
                lines.swapAt(index, other)
            }
        }
    }

    /// Edits the values of a few rows of every source, keeping every row in its place and every
    /// name.
    mutating func editValues() {
        for _ in 0..<5 {
            let id = nextID
            nextID += 1
            let index = Int(random.next() % UInt64(csv.count))
            let name = csv[index].prefix { $0 != "," }
            csv[index] = String(name) + csvRow(id).drop { $0 != "," }
            keyed[index].body = jsonBody(id)
            let lineID = lines[index].split(separator: "\"")[3]
            lines[index] = "{\"id\": \"\(lineID)\", \(jsonBody(id).dropFirst())"
        }
    }

    /// The line the CSV row at `index` starts on (quoted cells may hold newlines).
    func csvLine(ofRow index: Int) -> Int {
        2 + index + csv[..<index].reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
    }

    func open() throws -> Workspace { try Workspace.open(directory: directory) }

    /// The tree built with no caches at all, from the same repository.
    func treeFromScratch() throws -> LocalTree {
        for cache in ["/.cksync/row-cache", "/.cksync/source-cache"] {
            try? FileManager.default.removeItem(atPath: directory + cache)
        }
        return try open().buildLocalTree()
    }

    /// The row cache of `type`.
    func cachePath(of type: String) -> String { directory + "/.cksync/row-cache/" + type }

    /// Whether the Airport row cache names the Airport tree of `tree`.
    func airportCacheNames(_ tree: LocalTree) throws -> Bool {
        let workspace = try open()
        let type = workspace.configuration.types[0]
        return RowCache.load(path: cachePath(of: type.name), configDigest: SourceCache.digest(of: type))?.tree
            == (try workspace.repository.entry(at: "Airport", inTree: #require(tree.records))?.id)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }
}

@Suite struct RowCacheTests {
    /// A large import stores its objects and writes each record's blob as it is mapped
    /// (`FreshBlobs`): the trees are those a compressed import of the same data makes, and a read
    /// that fails after blobs were written installs nothing.
    @Test func aStoredImportWritesTheTreesACompressedOneDoes() throws {
        var data = try EditableWorkspace(seed: 9, rows: 3_000)
        defer { data.cleanUp() }
        var stored = try data.open()
        stored.storedPackThreshold = 0
        let imported = try stored.buildLocalTree()
        #expect(imported.records != nil)
        #expect(try data.treeFromScratch() == imported)

        let packs = {
            try FileManager.default.contentsOfDirectory(atPath: data.directory + "/.cksync/repo/objects/pack")
        }
        let before = try packs().sorted()
        for cache in ["/.cksync/row-cache", "/.cksync/source-cache"] {
            try FileManager.default.removeItem(atPath: data.directory + cache)
        }
        data.csv.append(data.csv[0])
        data.lines.append("{\"id\": \"fresh\", \"name\": \"only in this read\", \"elevation\": 1}")
        try data.write()
        let error = try #require(throws: InputError.self) { try stored.buildLocalTree() }
        #expect(error.description.contains("duplicate record name \"K0\""), "\(error)")
        #expect(try packs().sorted() == before)
    }

    /// The third seed runs with a fan-out threshold that puts the types' trees two levels deep.
    @Test(arguments: zip([1, 2, 3] as [UInt64], [FanOut.defaultThreshold, FanOut.defaultThreshold, 32]))
    func incrementalTreesEqualTreesBuiltFromScratch(seed: UInt64, threshold: Int) throws {
        try FanOut.$threshold.withValue(threshold) { try incrementalTreesEqualTreesBuiltFromScratch(seed: seed) }
    }

    private func incrementalTreesEqualTreesBuiltFromScratch(seed: UInt64) throws {
        var data = try EditableWorkspace(seed: seed, rows: 300)
        defer { data.cleanUp() }
        _ = try data.open().snapshot()
        for _ in 0..<8 {
            data.edit()
            try data.write()
            let result = try data.open().snapshot()
            let incremental = try data.open().buildLocalTree()
            let fromScratch = try data.treeFromScratch()
            #expect(incremental == fromScratch)
            let workspace = try data.open()
            let commit = try #require(result.commit)
            #expect(try workspace.repository.commit(commit).tree == fromScratch.root)
            // The snapshot compared the records it had just written as it held them; the same
            // changeset read back from the repository alone:
            let parent = try #require(result.parent)
            let reread = try workspace.changesets.changeset(
                from: workspace.recordsTree(ofCommit: parent), to: workspace.recordsTree(ofCommit: commit))
            #expect(result.changeset == reread)
            #expect(!reread.changes.isEmpty)
            let airports = try #require(try workspace.repository.entry(at: "records/Airport", inTree: fromScratch.root))
            #expect(try RecordTree.depth(of: airports.id, in: workspace.repository) == (FanOut.threshold < 300 ? 2 : 1))
        }
    }

    /// A cache is written while its tree is built, and only a finished one takes the place of the
    /// last: a snapshot that fails leaves neither a cache nor its temporary file.
    @Test func aDraftTakesThePlaceOfTheCacheOnlyWhenFinished() throws {
        let cache = CacheDirectory()
        defer { cache.cleanUp() }
        let rows = CacheDirectory.rows(["K1", "K2", "K3"])

        do { _ = cache.draft(rows) }
        #expect(try cache.files().isEmpty)

        let tree = ObjectID(bytes: [UInt8](repeating: 7, count: 20))
        cache.draft(rows).finish(tree: tree)
        let loaded = try #require(cache.load())
        #expect(loaded.tree == tree && loaded.rows.count == 3 && loaded.rows.name(of: 2) == "K3")
        #expect(try cache.files() == ["Airport"])

        // A failed snapshot's draft leaves the last cache as it was.
        var again = RowCache.Rows(known: loaded.rows)
        again.append(known: 0..<3)
        do { _ = cache.draft(again) }
        #expect(cache.load()?.tree == tree)
        #expect(try cache.files() == ["Airport"])

        // The type has no records now: no cache.
        cache.draft(rows).finish(tree: nil)
        #expect(try cache.files().isEmpty)
    }

    /// A cache another process holds exclusively (a patch, stopped in the middle) is waited for
    /// at most `SourceBytes.lockWait`, then not used: the read is a full one, not a hang.
    @Test func aCacheHeldExclusivelyIsNotWaitedForLong() throws {
        let cache = CacheDirectory()
        defer { cache.cleanUp() }
        cache.draft(CacheDirectory.rows(["K1"])).finish(tree: ObjectID(bytes: [UInt8](repeating: 7, count: 20)))

        let holder = open(cache.path, O_RDONLY | O_CLOEXEC)
        try #require(holder >= 0)
        defer { close(holder) }
        try #require(flock(holder, LOCK_EX) == 0)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(cache.load() == nil)
        let waited = clock.now - started
        #expect(waited >= SourceBytes.lockWait && waited < SourceBytes.lockWait * 3)

        flock(holder, LOCK_UN)
        #expect(cache.load()?.rows.count == 1)
    }

    /// Two drafts of one cache in flight at once (two processes that snapshot one workspace) each
    /// write a file of their own: the cache put in place last holds its own rows under its own tree.
    @Test func draftsInFlightAtOnceWriteFilesOfTheirOwn() throws {
        let cache = CacheDirectory()
        defer { cache.cleanUp() }
        let (firstNames, secondNames) = (["K1", "K2", "K3"], ["L1", "L2", "L3"])
        let first = cache.draft(CacheDirectory.rows(firstNames))
        let second = cache.draft(CacheDirectory.rows(secondNames))
        let (firstTree, secondTree) = (
            ObjectID(bytes: [UInt8](repeating: 1, count: 20)), ObjectID(bytes: [UInt8](repeating: 2, count: 20))
        )

        second.finish(tree: secondTree)
        let secondCache = try #require(cache.load())
        #expect(secondCache.tree == secondTree)
        #expect((0..<3).map(secondCache.rows.name(of:)) == secondNames)

        first.finish(tree: firstTree)
        let loaded = try #require(cache.load())
        #expect(loaded.tree == firstTree)
        #expect((0..<3).map(loaded.rows.name(of:)) == firstNames)
        #expect((0..<3).map(loaded.rows.digest(of:)) == firstNames.map { RowDigest.of($0) })
        #expect(try cache.files() == ["Airport"])
    }

    /// A draft left by a process stopped while it wrote it, and the one draft file of earlier
    /// versions, are removed by the next draft of that cache; a draft another writer holds stays,
    /// as do other caches' drafts.
    @Test func abandonedDraftsAreRemovedHeldOnesStay() throws {
        let cache = CacheDirectory()
        defer { cache.cleanUp() }
        try FileManager.default.createDirectory(atPath: cache.directory, withIntermediateDirectories: true)
        for abandoned in [cache.path + ".tmp", cache.path + ".tmp-99999-5eed", cache.directory + "/Airports.tmp-1-2"] {
            #expect(FileManager.default.createFile(atPath: abandoned, contents: Data("rows".utf8)))
        }
        let held = RowCache.draftPath(for: cache.path)
        let heldDescriptor = RowCache.createDraft(at: held)
        try #require(heldDescriptor >= 0)
        defer { close(heldDescriptor) }

        cache.draft(CacheDirectory.rows(["K1"])).finish(tree: ObjectID(bytes: [UInt8](repeating: 7, count: 20)))
        #expect(try cache.files() == ["Airport", "Airports.tmp-1-2", (held as NSString).lastPathComponent].sorted())
        #expect(cache.load()?.rows.count == 1)
    }

    @Test func aRowCacheIsUsedAndStaysInStepWithTheTree() throws {
        let data = try EditableWorkspace(seed: 9, rows: 50)
        defer { data.cleanUp() }
        let workspace = try data.open()
        let first = try workspace.buildLocalTree()
        let type = workspace.configuration.types[0]
        let path = RowCache.path(of: type, in: workspace.stateDirectory + "/row-cache")
        let cache = try #require(RowCache.load(path: path, configDigest: SourceCache.digest(of: type)))
        #expect(cache.rows.count == 50)
        #expect(cache.tree == (try workspace.repository.entry(at: "Airport", inTree: #require(first.records))?.id))
        #expect(cache.rows.rows(named: ["K7", "K700"]).map { $0 != nil } == [true, false])
        #expect(RowCache.load(path: path, configDigest: String(repeating: "0", count: 40)) == nil)
    }

    /// The formats before still load: the one before blocks with no blocks (the first read after
    /// an upgrade reuses rows one by one and writes blocks), the one with the blocks before the
    /// names as it was.
    @Test func aRowCacheOfAnOlderFormatIsUsed() throws {
        var data = try EditableWorkspace(seed: 8, rows: 400)
        defer { data.cleanUp() }
        let workspace = try data.open()
        _ = try workspace.snapshot()
        let type = workspace.configuration.types[0]
        let path = RowCache.path(of: type, in: workspace.stateDirectory + "/row-cache")
        let digest = SourceCache.digest(of: type)
        let cache = try #require(RowCache.load(path: path, configDigest: digest))
        #expect(!cache.rows.blocks.isEmpty)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let magic = Array("cksync-row-cache 3\n".utf8)
        let rowsEnd = magic.count + 40 + 20 + 8
        let fixedEnd = rowsEnd + 8 + cache.rows.count * 20
        let blocksStart = bytes.count - cache.rows.blocks.count * 48
        #expect(cache.blocksOffset == blocksStart)

        // The same file as the format with the blocks first wrote it.
        let blocksFirst =
            Array("cksync-row-cache 2\n".utf8) + Array(bytes[magic.count..<fixedEnd]) + Array(bytes[blocksStart...])
            + Array(bytes[fixedEnd..<blocksStart])
        try Data(blocksFirst).write(to: URL(fileURLWithPath: path))
        let second = try #require(RowCache.load(path: path, configDigest: digest))
        #expect(second.tree == cache.tree && second.blocksOffset == nil)
        #expect(
            (0..<cache.rows.count).allSatisfy {
                second.rows.digest(of: $0) == cache.rows.digest(of: $0)
                    && second.rows.name(of: $0) == cache.rows.name(of: $0)
            })
        #expect(Array(second.rows.blocks) == Array(cache.rows.blocks))

        // The same file as the format before blocks wrote it: its magic, no block count, no blocks.
        var old = Array("cksync-row-cache 1\n".utf8) + Array(bytes[magic.count..<rowsEnd])
        old += Array(bytes[(rowsEnd + 8)..<blocksStart])
        try Data(old).write(to: URL(fileURLWithPath: path))
        let before = try #require(RowCache.load(path: path, configDigest: digest))
        #expect(
            before.tree == cache.tree
                && (0..<cache.rows.count).allSatisfy { before.rows.digest(of: $0) == cache.rows.digest(of: $0) }
                && before.rows.blocks.isEmpty)
        #expect(before.rows.name(of: 7) == cache.rows.name(of: 7))

        data.edit()
        try data.write()
        #expect(try data.open().buildLocalTree() == (try data.treeFromScratch()))
        let saved = try #require(RowCache.load(path: path, configDigest: digest))
        #expect(saved.rows.blocks.count > 0)

        // A block from row 1 whose row count is damaged to the largest integer: not loaded, and
        // its end, one past the largest integer, is never computed.
        var damaged = try #require(FileManager.default.contents(atPath: path))
        let firstBlock = damaged.count - saved.rows.blocks.count * 48
        damaged.replaceSubrange(
            firstBlock..<firstBlock + 16, with: [1, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 7) + [0x7F])
        try damaged.write(to: URL(fileURLWithPath: path))
        #expect(RowCache.load(path: path, configDigest: digest) == nil)
    }

    /// Edits that keep every row in its place patch each cache where it lies, into the bytes a
    /// full read writes; a row added writes a new file, which later edits patch in turn.
    @Test func editsThatKeepEveryRowInPlacePatchTheCacheWhereItLies() throws {
        var data = try EditableWorkspace(seed: 10, rows: 600)
        defer { data.cleanUp() }
        _ = try data.open().snapshot()
        let paths = ["Airport", "Place", "Line"].map(data.cachePath)
        func files() -> [ino_t] {
            paths.map { path in
                var info = stat()
                return stat(path, &info) == 0 ? info.st_ino : 0
            }
        }
        let first = files()
        #expect(!first.contains(0))
        for _ in 0..<3 {
            data.editValues()
            try data.write()
            _ = try data.open().snapshot()
            #expect(files() == first)
        }
        let patched = paths.map { FileManager.default.contents(atPath: $0) }
        #expect(try data.open().buildLocalTree() == (try data.treeFromScratch()))
        #expect(paths.map { FileManager.default.contents(atPath: $0) } == patched)
        let written = files()

        data.csv.append(data.csvRow(data.nextID))
        try data.write()
        _ = try data.open().snapshot()
        let added = files()
        #expect(added[0] != written[0] && added[1...] == written[1...])
        data.editValues()
        try data.write()
        _ = try data.open().snapshot()
        #expect(files() == added)
        #expect(try data.open().buildLocalTree() == (try data.treeFromScratch()))
    }

    /// A cache that another reader holds is not patched: it stays the cache of its own tree, and
    /// the next read, which finds the rows edited since then, makes the same tree as a full read.
    @Test func aCacheAnotherReaderHoldsIsLeftAsItWas() throws {
        var data = try EditableWorkspace(seed: 11, rows: 300)
        defer { data.cleanUp() }
        let workspace = try data.open()
        _ = try workspace.snapshot()
        let type = workspace.configuration.types[0]
        let path = RowCache.path(of: type, in: workspace.stateDirectory + "/row-cache")
        let digest = SourceCache.digest(of: type)
        let before = try #require(FileManager.default.contents(atPath: path))
        try withExtendedLifetime(try #require(RowCache.load(path: path, configDigest: digest))) { held in
            data.editValues()
            try data.write()
            _ = try data.open().snapshot()
            #expect(FileManager.default.contents(atPath: path) == before)
            #expect(RowCache.load(path: path, configDigest: digest)?.tree == held.tree)
        }
        data.editValues()
        try data.write()
        let tree = try data.open().buildLocalTree()
        #expect(FileManager.default.contents(atPath: path) != before)
        #expect(try data.airportCacheNames(tree))
        #expect(tree == (try data.treeFromScratch()))
    }

    /// A cache linked under another name too (a copy of the workspace made with `cp -al`) is
    /// written anew: the other name keeps the cache it had.
    @Test func aCacheLinkedElsewhereIsWrittenAnew() throws {
        var data = try EditableWorkspace(seed: 13, rows: 200)
        defer { data.cleanUp() }
        _ = try data.open().snapshot()
        let path = data.cachePath(of: "Airport")
        let before = try #require(FileManager.default.contents(atPath: path))
        #expect(link(path, data.directory + "/linked") == 0)
        data.editValues()
        try data.write()
        _ = try data.open().snapshot()
        #expect(FileManager.default.contents(atPath: data.directory + "/linked") == before)
        #expect(FileManager.default.contents(atPath: path) != before)
    }

    /// A patch stopped after it cleared the tree id leaves a cache that names no tree: the next
    /// read is a full one, which writes a new cache.
    @Test func aCacheThatNamesNoTreeIsReadAgainWhole() throws {
        var data = try EditableWorkspace(seed: 12, rows: 200)
        defer { data.cleanUp() }
        _ = try data.open().snapshot()
        let path = data.cachePath(of: "Airport")
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes.replaceSubrange(RowCache.treeOffset..<RowCache.treeOffset + 20, with: [UInt8](repeating: 0, count: 20))
        try bytes.write(to: URL(fileURLWithPath: path))
        data.editValues()
        try data.write()
        let tree = try data.open().buildLocalTree()
        #expect(try data.airportCacheNames(tree))
        #expect(tree == (try data.treeFromScratch()))
    }

    @Test func aDamagedRowCacheIsIgnored() throws {
        var data = try EditableWorkspace(seed: 4, rows: 100)
        defer { data.cleanUp() }
        _ = try data.open().snapshot()
        let path = data.cachePath(of: "Airport")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        try bytes.prefix(bytes.count - 3).write(to: URL(fileURLWithPath: path))
        data.edit()
        try data.write()
        let incremental = try data.open().buildLocalTree()
        #expect(incremental == (try data.treeFromScratch()))
    }

    @Test func aChangedHeaderMapsEveryRowAgain() throws {
        let data = try EditableWorkspace(seed: 5, rows: 40)
        defer { data.cleanUp() }
        let before = try data.open().buildLocalTree()
        // The same rows under a header that swaps two columns: the same bytes now mean other values.
        let csvPath = data.directory + "/data/airports.csv"
        let text = try String(contentsOfFile: csvPath, encoding: .utf8)
        try text.replacingOccurrences(of: "icao,name,elevation,lat,lon", with: "icao,name,elevation,lon,lat")
            .write(toFile: csvPath, atomically: true, encoding: .utf8)
        let after = try data.open().buildLocalTree()
        #expect(after != before)
        #expect(after == (try data.treeFromScratch()))
    }

    @Test func aDuplicateAcrossKnownAndNewRowsNamesBothLines() throws {
        var data = try EditableWorkspace(seed: 6, rows: 20)
        defer { data.cleanUp() }
        let snapshot = try data.open().snapshot()
        let ref = try data.open().repository.reference("refs/heads/main")
        // A new row reusing the name of a known row that is still there.
        data.csv.append("K3,Elsewhere,1,1.0,2.0")
        try data.write()
        do {
            _ = try data.open().snapshot()
            Issue.record("a reused name was accepted")
        } catch let error as InputError {
            #expect(
                error.description
                    == "data/airports.csv:\(data.csvLine(ofRow: 20)): duplicate record name \"K3\" (first at line \(data.csvLine(ofRow: 3)))"
            )
        }
        // An exact copy of a known row is a duplicate too.
        data.csv.removeLast()
        data.csv.insert(data.csv[2], at: 0)
        try data.write()
        do {
            _ = try data.open().snapshot()
            Issue.record("a repeated row was accepted")
        } catch let error as InputError {
            #expect(
                error.description
                    == "data/airports.csv:\(data.csvLine(ofRow: 3)): duplicate record name \"K2\" (first at line 2)")
        }
        #expect(try data.open().repository.reference("refs/heads/main") == ref)
        #expect(snapshot.commit == ref)
    }

    @Test func badInputInAnEditedRowIsReportedAsAFullReadReportsIt() throws {
        var data = try EditableWorkspace(seed: 7, rows: 30)
        defer { data.cleanUp() }
        _ = try data.open().snapshot()
        let ref = try data.open().repository.reference("refs/heads/main")
        func error() -> String {
            do {
                _ = try data.open().snapshot()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        /// The error with the caches, which must be the error of a full read.
        func errors() throws -> (cached: String, full: String) {
            let cached = error()
            let state = data.directory + "/.cksync/"
            for cache in ["row-cache", "source-cache"] { try? FileManager.default.removeItem(atPath: state + cache) }
            return (cached, error())
        }
        // A syntax error in a keyed JSON member, then a type error on a JSON Lines line.
        data.keyed[4].body = "{\"name\": \"x\", \"elevation\": 12a}"
        try data.write()
        var seen = try errors()
        #expect(seen.cached == seen.full)
        #expect(seen.cached.hasPrefix("data/places.json:6:38: "))
        data.keyed[4].body = "{\"name\": \"x\", \"elevation\": 12}"
        try data.write()
        _ = try data.open().buildLocalTree()  // the caches again, without moving the ref
        data.lines[9] = "{\"id\": \"l9\", \"elevation\": \"high\"}"
        try data.write()
        seen = try errors()
        #expect(seen.cached == seen.full)
        #expect(seen.cached.hasPrefix("data/lines.jsonl:10: field \"elevation\": \"high\" is not an INT64\nhint: "))
        #expect(try data.open().repository.reference("refs/heads/main") == ref)
    }
}
