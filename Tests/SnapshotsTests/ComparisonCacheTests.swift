import Foundation
import GitStore
import Records
import Testing

@testable import Snapshots

/// The comparisons a changeset keeps for the next one between the same trees, on a real temporary repository.
@Suite struct ComparisonCacheTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-comparisons-\(UUID().uuidString)")
    let rules = ["Airport": CompareRules(locationTolerance: 0.0001, doubleTolerance: 0, ignore: ["website"])]

    func airport(_ name: String, elevation: Int64, latitude: Double = 51.47, extra: [String: FieldValue] = [:]) -> Record {
        var fields: [String: FieldValue] = [
            "elevation": .int64(elevation),
            "location": .location(Location(latitude: latitude, longitude: -0.46)),
        ]
        fields.merge(extra) { _, new in new }
        return Record(type: "Airport", name: name, fields: fields)
    }

    /// Two releases with every kind of change: updated (a value, a field added, a field removed,
    /// odd characters), within tolerance, ignored field only, new, deleted.
    func releases(in repository: GitRepository) throws -> (old: ObjectID, new: ObjectID) {
        let old = try repository.writeRecordTree(
            [
                airport("EGLL", elevation: 83), airport("KJFK", elevation: 13),
                airport("KSFO", elevation: 13, extra: ["note": .string("gone")]),
                airport("NZAA", elevation: 23), airport("EHAM", elevation: -11, extra: ["website": .string("a")]),
                airport("LFPG", elevation: 392), airport("RJTT \"x\"\n", elevation: 6),
            ])
        let new = try repository.writeRecordTree(
            [
                airport("EGLL", elevation: 85),
                airport("KJFK", elevation: 13, latitude: 51.47 + 0.0001),
                airport("KSFO", elevation: 13),
                airport("EHAM", elevation: -11, extra: ["website": .string("b")]),
                airport("LFPG", elevation: 392, latitude: 51.48, extra: ["tags": .list(elementType: .string, ["a", "b"].map(FieldValue.string))]),
                airport("RJTT \"x\"\n", elevation: 6, extra: ["name": .string("東京\t\"羽田\"")]),
                airport("LKPR", elevation: 1247),
            ])
        return (old, new)
    }

    func cacheFile(_ old: ObjectID, _ new: ObjectID, in repository: GitRepository) -> String {
        repository.path + "/cksync-comparisons/\(old.hex)-\(new.hex)"
    }

    @Test func aChangesetComputedAgainIsTheSame() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let (old, new) = try releases(in: repository)
        let builder = ChangesetBuilder(repository: repository, rules: rules)
        let first = try builder.changeset(from: old, to: new, detail: .names)
        #expect(FileManager.default.fileExists(atPath: cacheFile(old, new, in: repository)))
        let again = try builder.changeset(from: old, to: new, detail: .names)
        #expect(again == first)
        #expect(again.changes.map { "\($0.kind) \($0.name) \($0.fieldChanges.map(\.field))" } == [
            "updated EGLL [\"elevation\"]", "updated KSFO [\"note\"]", "updated LFPG [\"location\", \"tags\"]",
            "new LKPR []", "deleted NZAA []", "updated RJTT \"x\"\n [\"name\"]",
        ])
        #expect(again.summary.unchangedWithinTolerance == 2)
        #expect(try builder.changeset(from: old, to: new, detail: .counts) == builder.changeset(from: old, to: new, detail: .counts))
        #expect(try builder.changeset(from: old, to: new, detail: .records).changes.map(\.fieldChanges) == first.changes.map(\.fieldChanges))
    }

    /// Enough updated records that the kept ones are read on all cores.
    @Test func manyUpdatedRecordsComeBackInOrder() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let names = (0..<3000).map { "A\($0)" }
        let old = try repository.writeRecordTree(names.map { airport($0, elevation: 1) })
        let new = try repository.writeRecordTree(names.map { airport($0, elevation: $0.hasSuffix("7") ? 1 : 2) })
        let builder = ChangesetBuilder(repository: repository, rules: rules)
        let first = try builder.changeset(from: old, to: new, detail: .names)
        #expect(first.summary.updated == 2700)
        #expect(try builder.changeset(from: old, to: new, detail: .names) == first)
    }

    /// A kept comparison is what a second changeset uses: one written by hand, with a value no
    /// blob holds, a deletion left out of the diff and a count no tree has, shows up in it; under
    /// other rules, or when it names an updated record the diff does not have, the trees are
    /// diffed and the blobs compared again.
    @Test func aKeptComparisonIsUsedOnlyForItsTreesAndRules() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let (old, new) = try releases(in: repository)
        let builder = ChangesetBuilder(repository: repository, rules: rules)
        let real = try builder.changeset(from: old, to: new, detail: .names)
        let egll = try #require(real.changes.first { $0.name == "EGLL" })
        var doctored = egll
        doctored.fieldChanges = [FieldChange(field: "elevation", old: .int64(83), new: .int64(999))]
        let cache = ComparisonCache(repository: repository, rules: rules)
        let others = real.changes.filter { $0.kind == .updated && $0.name != "EGLL" }
        let deltas = try repository.diffTrees(from: old, to: new).filter { !$0.path.hasSuffix("NZAA.json") }
        #expect(deltas.count == 7)
        cache.store(from: old, to: new, deltas: deltas, updated: others + [doctored], counts: ["Airport": 1000])

        let fromCache = try builder.changeset(from: old, to: new, detail: .names)
        #expect(fromCache.changes.first { $0.name == "EGLL" }?.fieldChanges.first?.new == .int64(999))
        #expect(fromCache.summary.deleted == 0)
        #expect(fromCache.summary.unchanged == 1000 - 1 - 4)
        let exact = ChangesetBuilder(repository: repository, rules: ["Airport": .default])
        #expect(try exact.changeset(from: old, to: new, detail: .names).changes.first { $0.name == "EGLL" } == egll)
        #expect(try builder.changeset(from: old, to: new, detail: .names, listTolerated: true).changes == real.changes)
        #expect(try builder.changeset(from: old, to: new, detail: .records).changes.map(\.fieldChanges) == real.changes.map(\.fieldChanges))

        var stranger = doctored
        stranger.newBlob = stranger.oldBlob
        cache.store(from: old, to: new, deltas: deltas, updated: others + [stranger], counts: ["Airport": 1000])
        #expect(try builder.changeset(from: old, to: new, detail: .names) == real)
    }

    @Test func aDamagedFileIsAMiss() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let (old, new) = try releases(in: repository)
        let builder = ChangesetBuilder(repository: repository, rules: rules)
        let real = try builder.changeset(from: old, to: new, detail: .names)
        let path = cacheFile(old, new, in: repository)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        for damaged in [bytes.dropLast(3), bytes + Data("x".utf8), Data(bytes.prefix(30))] {
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(try builder.changeset(from: old, to: new, detail: .names) == real)
            #expect(FileManager.default.contents(atPath: path) == bytes, "the miss writes the file again")
        }
    }

    @Test func onlyTheNewestFilesAreKept() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let trees = try (0...ComparisonCache.limit + 2).map { try repository.writeRecordTree([airport("EGLL", elevation: Int64($0))]) }
        let builder = ChangesetBuilder(repository: repository, rules: rules)
        for (index, (old, new)) in zip(trees, trees.dropFirst()).enumerated() {
            #expect(try builder.changeset(from: old, to: new, detail: .counts).summary.updated == 1)
            // Files written within one tick of the clock would have the same time: each is dated apart.
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_000_000 + Double(index))],
                ofItemAtPath: cacheFile(old, new, in: repository))
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: repository.path + "/cksync-comparisons")
        #expect(kept.count == ComparisonCache.limit)
        #expect(FileManager.default.fileExists(atPath: cacheFile(trees[trees.count - 2], trees.last!, in: repository)))
        #expect(!FileManager.default.fileExists(atPath: cacheFile(trees[0], trees[1], in: repository)))
    }
}
