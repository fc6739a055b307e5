import Records
import Testing

@testable import Snapshots

/// The renderings of one hand-made changeset, checked line by line.
@Suite struct ChangesetRenderingTests {
    let changeset: Changeset = {
        let old = Record(type: "Airport", name: "EGLL", fields: ["elevation": .int64(83), "name": .string("Heathrow")])
        var new = old
        new.fields["elevation"] = .int64(85)
        new.fields["name"] = nil
        let added = Record(type: "Airport", name: "LKPR", fields: ["elevation": .int64(1247)])
        let gone = Record(type: "Place", name: "louvre", fields: [:])
        var airport = ChangeSummary()
        airport.new = 1
        airport.updated = 1
        airport.unchanged = 10
        var place = ChangeSummary()
        place.deleted = 1
        return Changeset(
            changes: [
                RecordChange(
                    kind: .updated, type: "Airport", name: "EGLL", old: old, new: new,
                    fieldChanges: [
                        FieldChange(field: "elevation", old: .int64(83), new: .int64(85)),
                        FieldChange(field: "name", old: .string("Heathrow"), new: nil),
                    ]),
                RecordChange(kind: .new, type: "Airport", name: "LKPR", old: nil, new: added, fieldChanges: []),
                RecordChange(kind: .deleted, type: "Place", name: "louvre", old: gone, new: nil, fieldChanges: []),
            ], summaryByType: ["Airport": airport, "Place": place])
    }()

    @Test func details() {
        #expect(ChangesetText(changeset).details == [
            "updated Airport/EGLL",
            "        elevation: 83 → 85",
            "        name: \"Heathrow\" → (absent)",
            "new     Airport/LKPR",
            "        elevation: 1247",
            "deleted Place/louvre",
        ])
    }

    @Test func deletedRecordsShowTheirFieldsWhenAsked() {
        let gone = Record(type: "Place", name: "louvre", fields: ["rating": .double(4.7), "name": .string("Louvre")])
        let deletion = RecordChange(kind: .deleted, type: "Place", name: "louvre", old: gone, new: nil, fieldChanges: [])
        let changeset = Changeset(changes: [deletion], summaryByType: [:])
        #expect(ChangesetText(changeset).details == ["deleted Place/louvre"])
        #expect(ChangesetText(changeset, showsDeletedFields: true).details == [
            "deleted Place/louvre",
            "        name: \"Louvre\"",
            "        rating: 4.7",
        ])
        #expect(ChangesetJSON.change(deletion).text.contains("\"rating\": {\"type\": \"DOUBLE\", \"value\": 4.7}"))
    }

    /// A list field diffs element by element: what went, what came, each once.
    @Test func listFieldsDiffElementByElement() throws {
        func strings(_ items: [String]) -> FieldValue { .list(elementType: .string, items.map(FieldValue.string)) }
        let change = FieldChange(field: "aliases", old: strings(["Heathrow", "LHR", "London"]), new: strings(["LHR", "London", "London Heathrow"]))
        #expect(FieldChangeText(change: change, style: TextStyle(colored: false)).lines == [
            "        aliases: 1 removed, 1 added",
            "          - \"Heathrow\"",
            "          + \"London Heathrow\"",
        ])
        let json = ChangesetJSON.fieldChange(change).text
        #expect(json.contains("\"removed\": [\n    {\n      \"index\": 0,"))
        #expect(json.contains("\"added\": [\n    {\n      \"index\": 2,"))

        let scalar = FieldChange(field: "name", old: .string("a"), new: strings(["a"]))
        #expect(FieldChangeText(change: scalar, style: TextStyle(colored: false)).lines == [
            "        name: \"a\" → [\"a\"]"
        ])
    }

    @Test func statAndNameStatus() {
        #expect(ChangesetText(changeset).stat == [
            " Airport/EGLL | 2 fields",
            " Airport/LKPR | new",
            " Place/louvre | deleted",
            " 3 records changed: 1 new, 1 updated, 1 deleted",
        ])
        #expect(ChangesetText(changeset).nameStatus == ["M\tAirport/EGLL", "A\tAirport/LKPR", "D\tPlace/louvre"])
    }

    @Test func typeLinesAndFilter() {
        #expect(ChangesetText(changeset).typeLines == [
            "Airport: 1 new, 1 updated, 10 unchanged, 0 deleted",
            "Place: 0 new, 0 updated, 0 unchanged, 1 deleted",
        ])
        let places = changeset.filtered(type: "Place")
        #expect(places.changes.count == 1)
        #expect(places.summary.deleted == 1)
        #expect(places.summary.new == 0)
    }

    @Test func json() {
        let text = ChangesetJSON.document(changeset).text
        #expect(text.hasPrefix("{\n  \"version\": 1,\n  \"summary\": {\n    \"new\": 1,\n    \"updated\": 1,\n    \"unchanged\": 10,"))
        #expect(text.contains("\"change\": \"updated\""))
        #expect(text.contains("\"field\": \"name\""))
        #expect(text.contains("\"new\": null"))
        #expect(text.contains("\"old\": {\"type\": \"INT64\", \"value\": 83}"))
    }

    @Test func colourOnlyWhenAsked() {
        let plain = ChangesetText(changeset, style: TextStyle(colored: false)).details.joined()
        let colored = ChangesetText(changeset, style: TextStyle(colored: true)).details.joined()
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[32m"))
    }
}

@Suite struct MarkdownTableTests {
    @Test func cellsShowValuesAsTheyAre() {
        #expect(MarkdownTable.cell("a|b") == "a\\|b")
        #expect(MarkdownTable.cell("*x* _y_ [l](u) `c`") == "\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\`")
        #expect(MarkdownTable.cell("<b>&") == "&lt;b&gt;&amp;")
        #expect(MarkdownTable.cell("one\ntwo") == "one<br>two")
        #expect(MarkdownTable.code("Airport/EGLL") == "`Airport/EGLL`")
        #expect(MarkdownTable.code("a`b") == "a\\`b")
    }

    @Test func aTableHasItsHeaderDelimiterAndRows() {
        let table = MarkdownTable(header: ["A", "B"], rows: [["1", "2"]])
        #expect(table.lines == ["| A | B |", "| --- | --- |", "| 1 | 2 |"])
    }

    @Test func aChangesetIsOneRowPerChangedField() {
        let old = Record(type: "Airport", name: "EGLL", fields: ["elevation": .int64(83), "name": .string("A|B")])
        var new = old
        new.fields["elevation"] = .int64(85)
        let changeset = Changeset(
            changes: [
                RecordChange(
                    kind: .updated, type: "Airport", name: "EGLL", old: old, new: new,
                    fieldChanges: [FieldChange(field: "elevation", old: .int64(83), new: .int64(85))]),
                RecordChange(kind: .deleted, type: "Airport", name: "NZAA", old: old, new: nil, fieldChanges: []),
            ],
            summaryByType: ["Airport": { var s = ChangeSummary(); s.updated = 1; s.deleted = 1; s.unchanged = 3; return s }()])
        #expect(
            ChangesetMarkdown(changeset).lines == [
                "**0 new, 1 updated, 3 unchanged, 1 deleted**", "",
                "| Change | Record | Field | Before | After |", "| --- | --- | --- | --- | --- |",
                "| updated | `Airport/EGLL` | elevation | 83 | 85 |",
                "| deleted | `Airport/NZAA` |  |  |  |",
            ])
    }
}
