import Foundation
import GitStore
import Records
import Testing

@testable import Snapshots

/// Changesets between record trees written to a real temporary repository.
@Suite struct ChangesetBuilderTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-snapshots-\(UUID().uuidString)")

    func airport(_ name: String, elevation: Int64, latitude: Double = 51.47, website: String? = nil) -> Record {
        var fields: [String: FieldValue] = [
            "elevation": .int64(elevation),
            "location": .location(Location(latitude: latitude, longitude: -0.46)),
        ]
        if let website { fields["website"] = .string(website) }
        return Record(type: "Airport", name: name, fields: fields)
    }

    @Test func classifiesEveryKindOfChange() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let old = try repository.writeRecordTree(
            [
                airport("EGLL", elevation: 83), airport("KJFK", elevation: 13), airport("KSFO", elevation: 13),
                airport("NZAA", elevation: 23), airport("EHAM", elevation: -11, website: "a"),
                airport("LFPG", elevation: 392),
            ])
        let new = try repository.writeRecordTree(
            [
                airport("EGLL", elevation: 85),  // updated
                airport("KJFK", elevation: 13, latitude: 51.47 + 0.0001),  // within tolerance
                airport("KSFO", elevation: 13),  // same blob
                airport("EHAM", elevation: -11, website: "b"),  // only an ignored field
                airport("LFPG", elevation: 392, latitude: 51.48),  // beyond tolerance
                airport("LKPR", elevation: 1247),  // new; NZAA deleted
            ])
        let rules = CompareRules(locationTolerance: 0.0001, doubleTolerance: 0, ignore: ["website"])
        let changeset = try ChangesetBuilder(repository: repository, rules: ["Airport": rules])
            .changeset(from: old, to: new)

        let summary = changeset.summary
        #expect(summary.new == 1)
        #expect(summary.updated == 2)
        #expect(summary.deleted == 1)
        #expect(summary.unchanged == 3)
        #expect(summary.unchangedWithinTolerance == 2)
        #expect(changeset.changes.map { "\($0.kind) \($0.name)" } == [
            "updated EGLL", "updated LFPG", "new LKPR", "deleted NZAA",
        ])
        let egll = try #require(changeset.changes.first)
        #expect(egll.fieldChanges == [FieldChange(field: "elevation", old: .int64(83), new: .int64(85))])
        #expect(ChangesetText.summaryLine(summary) == "1 new, 2 updated, 3 unchanged (2 within tolerance), 1 deleted")
        #expect(changeset.tolerated.isEmpty, "tolerated records are listed only when asked for")

        let listed = try ChangesetBuilder(repository: repository, rules: ["Airport": rules])
            .changeset(from: old, to: new, listTolerated: true)
        #expect(listed.changes == changeset.changes)
        #expect(listed.tolerated.map(\.name) == ["EHAM", "KJFK"])
        #expect(listed.tolerated.first?.fieldChanges == [FieldChange(field: "website", old: .string("a"), new: .string("b"))])
        #expect(ChangesetText(listed).toleratedDetails == [
            "within tolerance Airport/EHAM",
            "        website: \"a\" → \"b\" (ignored field)",
            "within tolerance Airport/KJFK",
            "        location: (51.47, -0.46) → (51.4701, -0.46) (Δ latitude 0.0001, longitude 0.0)",
        ])
    }

    @Test func everythingIsNewAgainstNothing() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = try GitRepository.create(bareAt: directory.path)
        let new = try repository.writeRecordTree([airport("EGLL", elevation: 83), airport("KJFK", elevation: 13)])
        let changeset = try ChangesetBuilder(repository: repository, rules: [:]).changeset(from: nil, to: new)
        #expect(changeset.summary.new == 2)
        #expect(changeset.summary.unchanged == 0)
        let back = try ChangesetBuilder(repository: repository, rules: [:]).changeset(from: new, to: nil)
        #expect(back.summary.deleted == 2)
        #expect(back.summaryByType["Airport"]?.unchanged == 0)
    }
}
