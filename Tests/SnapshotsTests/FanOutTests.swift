import Foundation
import GitStore
import Records
import Testing

@testable import Snapshots

/// Record types whose trees gain a second fan-out level past a threshold (bound low here rather
/// than writing millions of records), convert on the next write, and diff by record across it.
@Suite struct FanOutTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-fanout-\(UUID().uuidString)")

    func city(_ n: Int, version: Int = 0) -> Record {
        Record(type: "City", name: "c\(n)", fields: ["version": .int64(Int64(version))])
    }

    /// The `records/City` files of `records`, in the one-level form.
    func files(_ records: [Record]) -> [TreeFile] {
        records.map { TreeFile(path: RecordPath.pathInType(name: $0.name), content: CanonicalJSON.encode($0)) }
    }

    /// Writes a `records/` tree holding one type's tree, and a commit of it, so git can read it.
    func recordsTree(_ typeTree: ObjectID, in repository: GitRepository) throws -> ObjectID {
        let writer = try repository.makeWriter()
        let records = try writer.writeTree([TreeEntry(name: "City", id: typeTree, isTree: true)])
        try writer.finish()
        return records
    }

    func write(_ records: [Record], base: ObjectID? = nil, threshold: Int, in repository: GitRepository) throws
        -> ObjectID
    {
        try FanOut.$threshold.withValue(threshold) {
            let writer = try repository.makeWriter()
            var files = files(records)
            let tree = try RecordTree.write(files: &files, base: base, writer: writer)
            try writer.finish()
            return tree
        }
    }

    /// Patches `tree` with `changes`, after which it holds `records` records.
    func update(
        _ tree: ObjectID, _ changes: [String: [UInt8]?], records: Int, threshold: Int, in repository: GitRepository
    ) throws -> ObjectID {
        try FanOut.$threshold.withValue(threshold) {
            let writer = try repository.makeWriter()
            let (updated, deltas, _) = try RecordTree.update(tree, changes: changes, records: records, writer: writer)
            try writer.finish()
            // What the patch says it changed is what a diff finds; a conversion says nothing.
            if let deltas {
                #expect(
                    deltas.sorted { $0.path < $1.path }
                        == (try repository.diffTrees(from: tree, to: updated).sorted { $0.path < $1.path }))
            } else {
                #expect(try RecordTree.depth(of: tree, in: repository) != RecordTree.depth(of: updated, in: repository))
            }
            return updated
        }
    }

    func changeset(_ old: ObjectID, _ new: ObjectID, in repository: GitRepository) throws -> Changeset {
        try ChangesetBuilder(repository: repository, rules: [:])
            .changeset(from: recordsTree(old, in: repository), to: recordsTree(new, in: repository))
    }

    @Test(arguments: ["EGLL", "a/b%c", ".hidden"])
    func pathsAtTwoLevelsParseToTheSameRecord(name: String) throws {
        let oneLevel = RecordPath.path(type: "City", name: name)
        let twoLevels = try RecordPath.placed(oneLevel, depth: 2)
        let sha = SHA1.hash(Array(name.utf8))
        let encoded = try #require(oneLevel.split(separator: "/").last)
        #expect(twoLevels == "records/City/" + String(format: "%02x/%02x/", sha[0], sha[1]) + encoded)
        #expect(try RecordPath.placed(oneLevel, depth: 1) == oneLevel)
        for path in [oneLevel, twoLevels] {
            let parsed = try #require(RecordPath.parse(pathBelowDirectory: String(path.dropFirst("records/".count))))
            #expect(parsed.type == "City" && parsed.name == name)
        }
        #expect(throws: SnapshotError.self) { try RecordPath.placed("records/City/ab/%zz.json", depth: 2) }
    }

    @Test func depthFollowsSizeWithHysteresis() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let small = try write((0..<16).map { city($0) }, threshold: 16, in: repository)
        #expect(try RecordTree.depth(of: small, in: repository) == 1)
        let large = try write((0..<17).map { city($0) }, threshold: 16, in: repository)
        #expect(try RecordTree.depth(of: large, in: repository) == 2)

        // A two-level type keeps its depth down to a quarter of the threshold…
        var tree = try write((0..<40).map { city($0) }, threshold: 16, in: repository)
        tree = try update(
            tree, Dictionary(uniqueKeysWithValues: (4..<40).map { (RecordPath.pathInType(name: "c\($0)"), nil) }),
            records: 4, threshold: 16, in: repository)
        #expect(try RecordTree.depth(of: tree, in: repository) == 2)
        #expect(try RecordTree.estimatedCount(of: tree, depth: 2, in: repository) == 4)
        // …and below it goes back to one level, as if written from scratch.
        tree = try update(tree, [RecordPath.pathInType(name: "c3"): nil], records: 3, threshold: 16, in: repository)
        #expect(try RecordTree.depth(of: tree, in: repository) == 1)
        #expect(tree == (try write((0..<3).map { city($0) }, threshold: 16, in: repository)))
    }

    @Test func conversionKeepsEveryRecordAndDiffsEmpty() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let records = (0..<300).map { city($0) }
        let shallow = try write(records, threshold: FanOut.defaultThreshold, in: repository)
        // Same records, next write with a lower threshold: converted without any change.
        let deep = try update(shallow, [:], records: 300, threshold: 64, in: repository)
        #expect(try RecordTree.depth(of: shallow, in: repository) == 1)
        #expect(try RecordTree.depth(of: deep, in: repository) == 2)
        #expect(deep == (try write(records, threshold: 64, in: repository)))

        for (old, new) in [(shallow, deep), (deep, shallow)] {
            let changes = try changeset(old, new, in: repository)
            #expect(changes.changes.isEmpty)
            #expect(changes.summary.unchanged == 300)
        }

        // The git CLI reads both layouts: the same blobs, one level apart.
        func listing(_ tree: ObjectID) throws -> [String: String] {
            let output = try git(["--git-dir", directory.path, "ls-tree", "-r", tree.hex])
            var blobs: [String: String] = [:]
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: "\t")
                let path = fields[1].split(separator: "/")
                blobs[String(path.last!)] = "\(path.count) " + String(fields[0].split(separator: " ")[2])
            }
            return blobs
        }
        let before = try listing(shallow)
        let after = try listing(deep)
        #expect(before.count == 300)
        #expect(Set(before.values.map { $0.prefix(2) }) == ["2 "])
        #expect(Set(after.values.map { $0.prefix(2) }) == ["3 "])
        #expect(before.mapValues { $0.dropFirst(2) } == after.mapValues { $0.dropFirst(2) })
        for record in records.prefix(20) {
            let name = record.name + ".json"
            let sha = SHA1.hash(Array(record.name.utf8))
            let expected = String(format: "%02x/%02x/", sha[0], sha[1]) + name
            #expect(
                try git(["--git-dir", directory.path, "ls-tree", "-r", "--name-only", deep.hex]).contains(expected))
        }
        _ = try git(["--git-dir", directory.path, "fsck", "--strict", "--no-dangling"])
    }

    /// Past 16 times the threshold a type gains a third level (`xx/yy/z/`, `z` the first hex digit
    /// of SHA-1's third byte), goes back to two below a quarter of that, and diffs empty by record
    /// across both conversions; records are found and counted at three levels, and git reads them.
    @Test func aThirdLevelComesAndGoesAndDiffsEmpty() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let records = (0..<300).map { city($0) }
        // 300 records: two levels under a threshold of 64 (a third past 1,024), three under 16 (past 256).
        let two = try write(records, threshold: 64, in: repository)
        let three = try update(two, [:], records: 300, threshold: 16, in: repository)
        #expect(try RecordTree.depth(of: two, in: repository) == 2)
        #expect(try RecordTree.depth(of: three, in: repository) == 3)
        #expect(three == (try write(records, threshold: 16, in: repository)))
        #expect(try RecordTree.estimatedCount(of: three, depth: 3, in: repository) == 300)
        for (old, new) in [(two, three), (three, two)] {
            let changes = try changeset(old, new, in: repository)
            #expect(changes.changes.isEmpty)
            #expect(changes.summary.unchanged == 300)
        }

        let name = "c7"
        let sha = SHA1.hash(Array(name.utf8))
        let placed = try RecordPath.placed(RecordPath.pathInType(name: name), depth: 3)
        #expect(placed == String(format: "%02x/%02x/%x/", sha[0], sha[1], sha[2] >> 4) + name + ".json")
        #expect(RecordPath.parse(pathBelowDirectory: "City/" + placed)?.name == name)
        let root = try recordsTree(three, in: repository)
        let full = RecordPath.path(type: "City", name: name)
        let blob = try RecordTree.blobID(
            at: full, inSnapshot: try snapshotRoot(root, in: repository), repository: repository)
        #expect(blob != nil)
        #expect(
            try RecordTree.blobIDs(
                at: [full], inSnapshot: try snapshotRoot(root, in: repository), repository: repository)
                == [blob])

        // Down a level only below a quarter of 16 × 64: 256 records stay at three, 255 go to two.
        let deletions = Dictionary(
            uniqueKeysWithValues: (256..<300).map { (RecordPath.pathInType(name: "c\($0)"), [UInt8]?.none) })
        let kept = try update(three, deletions, records: 256, threshold: 64, in: repository)
        #expect(try RecordTree.depth(of: kept, in: repository) == 3)
        let shrunk = try update(
            kept, [RecordPath.pathInType(name: "c255"): nil], records: 255, threshold: 64, in: repository)
        #expect(try RecordTree.depth(of: shrunk, in: repository) == 2)
        #expect(shrunk == (try write(Array(records.prefix(255)), threshold: 64, in: repository)))
        #expect(try changeset(kept, shrunk, in: repository).changes.map(\.name) == ["c255"])

        let listed = try git(["--git-dir", directory.path, "ls-tree", "-r", "--name-only", three.hex])
        #expect(listed.split(separator: "\n").count == 300)
        #expect(listed.split(separator: "\n").allSatisfy { $0.split(separator: "/").count == 4 })
        _ = try git(["--git-dir", directory.path, "fsck", "--strict", "--no-dangling"])
    }

    /// A snapshot root holding `records` (a `records/` tree), as `RecordTree`'s lookups take it.
    func snapshotRoot(_ records: ObjectID, in repository: GitRepository) throws -> ObjectID {
        let writer = try repository.makeWriter()
        let root = try writer.writeTree([TreeEntry(name: "records", id: records, isTree: true)])
        try writer.finish()
        return root
    }

    @Test func twoLevelCountsAreRememberedPerTree() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let tree = try write((0..<40).map { city($0) }, threshold: 16, in: repository)
        let cachePath = repository.path + "/cksync-record-counts"
        try "garbage\n\(tree.hex) x\n".write(toFile: cachePath, atomically: true, encoding: .utf8)
        #expect(try changeset(tree, tree, in: repository).summary.unchanged == 40)
        #expect(try String(contentsOfFile: cachePath, encoding: .utf8) == "\(tree.hex) 40\n")
        // Read back rather than counted: a count the file holds is the one used.
        try "\(tree.hex) 41\n".write(toFile: cachePath, atomically: true, encoding: .utf8)
        #expect(try changeset(tree, tree, in: repository).summary.unchanged == 41)

        // A changed tree's count follows from the remembered one and the diff.
        try "\(tree.hex) 40\n".write(toFile: cachePath, atomically: true, encoding: .utf8)
        let changed = try update(
            tree,
            [
                RecordPath.pathInType(name: "c0"): CanonicalJSON.encode(city(0, version: 1)),
                RecordPath.pathInType(name: "c1"): nil, RecordPath.pathInType(name: "c2"): nil,
                RecordPath.pathInType(name: "new"): CanonicalJSON.encode(city(99)),
            ], records: 39, threshold: 16, in: repository)
        let summary = try changeset(tree, changed, in: repository).summary
        #expect([summary.new, summary.updated, summary.deleted, summary.unchanged] as [Int] == [1, 1, 2, 37])
        #expect(try String(contentsOfFile: cachePath, encoding: .utf8) == "\(tree.hex) 40\n\(changed.hex) 39\n")
    }

    @Test func conversionAppliesTheChangesOfItsSnapshot() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let old = try write((0..<12).map { city($0) }, threshold: 16, in: repository)
        var changes: [String: [UInt8]?] = [:]
        for n in 12..<22 { changes[RecordPath.pathInType(name: "c\(n)")] = CanonicalJSON.encode(city(n)) }
        changes[RecordPath.pathInType(name: "c0")] = CanonicalJSON.encode(city(0, version: 1))
        changes[RecordPath.pathInType(name: "c1")] = .some(nil)
        let new = try update(old, changes, records: 21, threshold: 16, in: repository)
        #expect(try RecordTree.depth(of: new, in: repository) == 2)
        let expected = [city(0, version: 1)] + (2..<22).map { city($0) }
        #expect(new == (try write(expected, threshold: 16, in: repository)))

        let changeset = try changeset(old, new, in: repository)
        #expect(changeset.summary.new == 10)
        #expect(changeset.summary.updated == 1)
        #expect(changeset.summary.deleted == 1)
        #expect(changeset.summary.unchanged == 10)
        #expect(changeset.changes.filter { $0.kind == .updated }.map(\.name) == ["c0"])
        #expect(changeset.changes.filter { $0.kind == .deleted }.map(\.name) == ["c1"])
    }

    /// Editing most of a type's records is no growth: a type's tree is patched at the depth of the
    /// records it holds after, and a snapshot's root, which is not told them, counts toward a
    /// second level only the records its tree lacks.
    @Test func editsDoNotTakeATypeDownALevel() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let old = try write((0..<14).map { city($0) }, threshold: 16, in: repository)
        var edits: [String: [UInt8]?] = [:]
        for n in 0..<12 { edits[RecordPath.pathInType(name: "c\(n)")] = CanonicalJSON.encode(city(n, version: 1)) }
        edits[RecordPath.pathInType(name: "c14")] = CanonicalJSON.encode(city(14))
        let edited = try update(old, edits, records: 15, threshold: 16, in: repository)
        #expect(try RecordTree.depth(of: edited, in: repository) == 1)
        #expect(try changeset(old, edited, in: repository).summary.updated == 12)

        edits = [:]
        for n in 15..<17 { edits[RecordPath.pathInType(name: "c\(n)")] = CanonicalJSON.encode(city(n)) }
        let grown = try update(edited, edits, records: 17, threshold: 16, in: repository)
        #expect(try RecordTree.depth(of: grown, in: repository) == 2)

        let rootWriter = try repository.makeWriter()
        let snapshot = try rootWriter.writeTree([
            TreeEntry(name: "records", id: try recordsTree(old, in: repository), isTree: true)
        ])
        try rootWriter.finish()
        let root = try FanOut.$threshold.withValue(16) {
            let writer = try repository.makeWriter()
            let changes = try (0..<13).map { n in
                (path: RecordPath.path(type: "City", name: "c\(n)"), id: Optional(try writer.writeBlob([UInt8(n)])))
            }
            let updated = try RecordTree.updateSnapshot(snapshot, changes: changes, writer: writer)
            try writer.finish()
            return updated
        }
        let cityTree = try #require(try repository.entry(at: "records/City", inTree: root))
        #expect(try RecordTree.depth(of: cityTree.id, in: repository) == 1)
        #expect(try RecordTree.records(below: cityTree.id, levels: 1, in: repository) == 14)
    }

    @Test func snapshotRootsConvertEachTypeAndFindRecordsAtEitherDepth() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        func path(_ directory: String, _ type: String, _ n: Int) -> String {
            RecordPath.path(type: type, name: "c\(n)", directory: directory)
        }
        // City grows past the threshold in records/ and server/ alike; Town stays small.
        var files: [TreeFile] = []
        for n in 0..<10 {
            for directory in ["records", "server"] {
                files.append(TreeFile(path: path(directory, "City", n), content: [UInt8(n)]))
            }
        }
        files.append(TreeFile(path: path("records", "Town", 0), content: [1]))
        let (first, second) = try FanOut.$threshold.withValue(16) {
            let writer = try repository.makeWriter()
            var blobs = try files.map { (path: $0.path, id: try writer.writeBlob($0.content)) }
            let first = try RecordTree.writeSnapshot(blobs: &blobs, base: nil, writer: writer)
            try writer.finish()
            var changes: [String: ObjectID?] = [:]
            for n in 10..<20 {
                for directory in ["records", "server"] {
                    changes[path(directory, "City", n)] = try writer.writeBlob([UInt8(n)])
                }
            }
            changes[path("records", "Town", 1)] = try writer.writeBlob([2])
            let second = try RecordTree.updateSnapshot(
                first, changes: changes.map { (path: $0.key, id: $0.value) }, writer: writer)
            try writer.finish()
            return (first, second)
        }
        func depth(_ directory: String, in root: ObjectID) throws -> Int {
            let tree = try #require(try repository.entry(at: directory, inTree: root))
            return try RecordTree.depth(of: tree.id, in: repository)
        }
        #expect(try depth("records/City", in: first) == 1)
        #expect(try depth("records/City", in: second) == 2)
        #expect(try depth("server/City", in: second) == 2)
        #expect(try depth("records/Town", in: second) == 1)

        let wanted = [
            path("server", "City", 3), path("server", "City", 15), path("records", "Town", 1),
            path("records", "City", 99),
        ]
        let found = try RecordTree.blobIDs(at: wanted, inSnapshot: second, repository: repository)
        let id = { (byte: UInt8) in try repository.makeWriter().writeBlob([byte]) }
        #expect(found == [try id(3), try id(15), try id(2), nil])
        #expect(
            try RecordTree.blobID(at: path("records", "City", 3), inSnapshot: first, repository: repository) == id(3))
        #expect(
            try RecordTree.blobID(at: path("records", "City", 3), inSnapshot: second, repository: repository) == id(3))
        #expect(
            try RecordTree.blobID(at: path("records", "City", 15), inSnapshot: first, repository: repository) == nil)

        // City now at two levels is patched there: one record changed, one deleted, one added;
        // Town, at one level, beside it.
        let third = try FanOut.$threshold.withValue(16) {
            let writer = try repository.makeWriter()
            let changes: [(path: String, id: ObjectID?)] = [
                (path("records", "City", 4), try writer.writeBlob([44])), (path("server", "City", 5), nil),
                (path("records", "City", 20), try writer.writeBlob([20])),
                (path("records", "Town", 2), try writer.writeBlob([3])),
            ]
            let third = try RecordTree.updateSnapshot(second, changes: changes, writer: writer)
            try writer.finish()
            return third
        }
        #expect(try depth("records/City", in: third) == 2)
        #expect(try depth("server/City", in: third) == 2)
        let afterPatch = try RecordTree.blobIDs(
            at: [
                path("records", "City", 4), path("server", "City", 5), path("records", "City", 20),
                path("records", "City", 6), path("records", "Town", 2), path("records", "Town", 1),
            ], inSnapshot: third, repository: repository)
        #expect(afterPatch == [try id(44), nil, try id(20), try id(6), try id(3), try id(2)])
    }

    @Test func aTypeAtTwoLevelsPatchedOneFanOutDirectoryAtATimeIsTheTreeWrittenWhole() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        func path(_ directory: String, _ n: Int) -> String {
            RecordPath.path(type: "City", name: "c\(n)", directory: directory)
        }
        // 600 records over 256 fan-out directories, past a threshold of 16: a first push's commit.
        // 600 records: two levels from 64 on, and a third only past 16 × 64.
        let (written, patched, pruned, emptied) = try FanOut.$threshold.withValue(64) {
            let writer = try repository.makeWriter()
            var blobs: [(path: String, id: ObjectID)] = []
            for n in 0..<600 {
                for directory in ["records", "server"] {
                    blobs.append((path(directory, n), try writer.writeBlob(Array("\(directory) \(n)".utf8))))
                }
            }
            let changes = blobs.map { (path: $0.path, id: Optional($0.id)) }
            let patched = try RecordTree.updateSnapshot(nil, changes: changes, writer: writer)
            let written = try RecordTree.writeSnapshot(blobs: &blobs, base: nil, writer: writer)
            try writer.finish()
            // Every record of c0's fan-out directory deleted, one record of another added.
            let fanOut = RecordPath.fanOut("c0")
            var deletions: [(path: String, id: ObjectID?)] = (0..<600).filter { RecordPath.fanOut("c\($0)") == fanOut }
                .map { (path("records", $0), nil) }
            let added = try writer.writeBlob(Array("records 600".utf8))
            deletions.append((path("records", 600), added))
            let pruned = try RecordTree.updateSnapshot(written, changes: deletions, writer: writer)
            try writer.finish()
            let emptied = try RecordTree.updateSnapshot(
                pruned, changes: changes.filter { $0.path.hasPrefix("server/") }.map { ($0.path, nil) }, writer: writer)
            try writer.finish()
            return (written, patched, pruned, emptied)
        }
        #expect(patched == written)
        let typeTree = try #require(try repository.entry(at: "records/City", inTree: pruned))
        #expect(try RecordTree.depth(of: typeTree.id, in: repository) == 2)
        #expect(try repository.entry(at: RecordPath.fanOut("c0"), inTree: typeTree.id) == nil)
        let found = try RecordTree.blobIDs(
            at: [path("records", 0), path("records", 600), path("server", 0)], inSnapshot: pruned,
            repository: repository)
        #expect(found[0] == nil)
        #expect(found[1] != nil)
        #expect(found[2] != nil)
        #expect(try repository.entry(at: "server", inTree: emptied) == nil)
        #expect(try repository.entry(at: "records/City", inTree: emptied)?.id == typeTree.id)
    }

    /// A workspace in `directory` with one type, City, read from `data/cities.csv` (`id,name`);
    /// returns a function that writes those rows.
    func makeCityWorkspace() throws -> ([String]) throws -> Void {
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        try """
        [[types]]
        name = "City"
        source = "data/cities.csv"
        record-name = "{id}"
        [types.fields]
        name = "STRING"

        """.write(to: directory.appendingPathComponent("cksync.toml"), atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("data/cities.csv")
        return { rows in
            try ("id,name\n" + rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        }
    }

    @Test func aWorkspaceConvertsOnItsNextSnapshotAndTheDiffIsByRecord() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = try makeCityWorkspace()
        var rows = (0..<50).map { "c\($0),City \($0)" }
        try data(rows)
        let workspace = try Workspace.open(directory: directory.path)
        let first = try #require(try workspace.snapshot().commit)
        rows[7] = "c7,Renamed"
        rows.append("c50,New")
        try data(rows)
        let second = try #require(try FanOut.$threshold.withValue(32) { try workspace.snapshot() }.commit)

        let repository = workspace.repository
        for (commit, depth) in [(first, 1), (second, 2)] {
            let tree = try #require(try repository.entry(at: "records/City", inTree: repository.commit(commit).tree))
            #expect(try RecordTree.depth(of: tree.id, in: repository) == depth)
        }
        let changeset = try workspace.diff(from: .revision(first.hex), to: .revision(second.hex))
        #expect(changeset.changes.map { "\($0.kind) \($0.name)" } == ["new c50", "updated c7"])
        #expect(changeset.summary.unchanged == 49)

        let paths = try git(["--git-dir", repository.path, "ls-tree", "-r", "--name-only", second.hex])
            .split(separator: "\n")
        #expect(paths.count == 51)
        #expect(paths.allSatisfy { $0.split(separator: "/").count == 5 })
        _ = try git(["--git-dir", repository.path, "fsck", "--strict", "--no-dangling"])
    }

    @Test(arguments: [false, true]) func aSnapshotRemembersTheCountsOfTheTwoLevelTreesItWrites(stored: Bool) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = try makeCityWorkspace()
        // A large import (stored, each blob written as it is mapped) or a small one; then an edit
        // through the row cache, one row gone and two new.
        var rows = (0..<60).map { "c\($0),City \($0)" }
        try data(rows)
        var workspace = try Workspace.open(directory: directory.path)
        if stored { workspace.storedPackThreshold = 0 }
        // The trees alone, no changeset: nothing has counted their leaves.
        let first = try FanOut.$threshold.withValue(16) { try workspace.buildLocalTree() }
        rows.removeFirst()
        rows += ["c60,New", "c61,New"]
        try data(rows)
        let second = try FanOut.$threshold.withValue(16) { try workspace.buildLocalTree() }

        let repository = workspace.repository
        let counts = RecordCountCache(repository: repository)
        for (local, count) in [(first, 60), (second, 61)] {
            let records = try #require(local.records)
            let tree = try #require(try repository.entry(at: "City", inTree: records))
            #expect(try RecordTree.depth(of: tree.id, in: repository) == 2)
            #expect(counts.count(of: tree.id) == count)
        }
    }
}
