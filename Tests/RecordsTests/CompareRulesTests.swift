import Records
import Testing

@Suite("Compare rules")
struct CompareRulesTests {
    static func record(_ fields: [String: FieldValue]) -> Record {
        Record(type: "Airport", name: "EGLL", fields: fields)
    }

    static func location(_ latitude: Double, _ longitude: Double) -> FieldValue {
        .location(Location(latitude: latitude, longitude: longitude))
    }

    /// (what, old value, new value, rules, equal under the rules)
    static let cases: [(String, FieldValue?, FieldValue?, CompareRules, Bool)] = [
        ("same location", location(51.4706, -0.461941), location(51.4706, -0.461941), .default, true),
        ("latitude exactly 0.0001 apart", location(51.4706, -0.461941), location(51.4707, -0.461941), .default, true),
        ("longitude exactly 0.0001 apart", location(51.4706, -0.4619), location(51.4706, -0.4618), .default, true),
        (
            "both exactly 0.0001 apart, negative side", location(-33.9461, 151.1772), location(-33.9460, 151.1773),
            .default, true
        ),
        ("just over the tolerance", location(51.4706, -0.461941), location(51.47070001, -0.461941), .default, false),
        ("longitude over", location(51.4706, 0), location(51.4706, 0.00011), .default, false),
        ("location tolerance 0 is exact", location(1, 2), location(1, 2.0000000001), rules(location: 0), false),
        ("wider location tolerance", location(1, 2), location(1.009, 2.01), rules(location: 0.01), true),
        ("double tolerance 0 is exact", .double(0.3), .double(0.30000000000000004), .default, false),
        ("double within its tolerance", .double(10), .double(10.5), rules(double: 0.5), true),
        ("double just over", .double(10), .double(10.5000001), rules(double: 0.5), false),
        ("decimal doubles exactly the tolerance apart", .double(0.1), .double(0.2), rules(double: 0.1), true),
        ("location tolerance does not apply to doubles", .double(1), .double(1.00001), .default, false),
        (
            "double lists element-wise", list(.double, [.double(1), .double(2)]),
            list(.double, [.double(1.1), .double(2)]),
            rules(double: 0.1), true
        ),
        (
            "double lists of different length", list(.double, [.double(1)]), list(.double, [.double(1), .double(1)]),
            rules(double: 1), false
        ),
        (
            "location lists element-wise", list(.location, [location(1, 1)]),
            list(.location, [location(1.0001, 0.9999)]),
            .default, true
        ),
        (
            "location lists, one element off", list(.location, [location(1, 1), location(2, 2)]),
            list(.location, [location(1, 1), location(2, 2.001)]), .default, false
        ),
        (
            "location list order matters", list(.location, [location(1, 1), location(2, 2)]),
            list(.location, [location(2, 2), location(1, 1)]), .default, false
        ),
        ("strings exact", .string("a"), .string("A"), .default, false),
        ("int64 never tolerant", .int64(1), .int64(2), rules(double: 10), false),
        ("INT64 vs DOUBLE of the same number differ", .int64(1), .double(1), rules(double: 1), false),
        ("INT64 vs TIMESTAMP differ", .int64(1), .timestamp(1), .default, false),
        ("empty lists of different types differ", list(.string, []), list(.int64, []), .default, false),
        (
            "reference actions matter", .reference(Reference(recordName: "a")),
            .reference(Reference(recordName: "a", action: .deleteSelf)), .default, false
        ),
        ("added field", nil, .string("x"), .default, false),
        ("removed field", .string("x"), nil, .default, false),
    ]

    static func rules(location: Double = 0.0001, double: Double = 0) -> CompareRules {
        CompareRules(locationTolerance: location, doubleTolerance: double, ignore: [])
    }

    static func list(_ type: FieldType, _ elements: [FieldValue]) -> FieldValue {
        .list(elementType: type, elements)
    }

    @Test(arguments: cases)
    func compares(_ what: String, old: FieldValue?, new: FieldValue?, rules: CompareRules, equal: Bool) {
        let oldRecord = Self.record(old.map { ["f": $0] } ?? [:])
        let newRecord = Self.record(new.map { ["f": $0] } ?? [:])
        let changes = rules.changes(from: oldRecord, to: newRecord)
        #expect(changes == (equal ? [] : [FieldChange(field: "f", old: old, new: new)]), "\(what)")
        #expect(rules.equivalent(old, new) == equal, "\(what)")
        // Symmetric.
        #expect(rules.changes(from: newRecord, to: oldRecord).isEmpty == equal, "\(what)")
        // Without tolerance, only identical values are equal.
        #expect(rules.exactChanges(from: oldRecord, to: newRecord).isEmpty == (old == new), "\(what)")
    }

    @Test func changesAreSortedAndIgnoreIsHonoured() {
        let old = Self.record([
            "name": .string("Heathrow"), "updatedAt": .timestamp(1), "b": .int64(1), "location": Self.location(1, 1),
            "gone": .string("x"),
        ])
        let new = Self.record([
            "name": .string("London Heathrow"), "updatedAt": .timestamp(2), "b": .int64(1),
            "location": Self.location(1.00005, 1), "added": .bytes([1]), "Zulu": .int64(1),
        ])
        let rules = CompareRules(locationTolerance: 0.0001, doubleTolerance: 0, ignore: ["updatedAt", "nothing"])
        #expect(
            rules.changes(from: old, to: new) == [
                FieldChange(field: "Zulu", old: nil, new: .int64(1)),
                FieldChange(field: "added", old: nil, new: .bytes([1])),
                FieldChange(field: "gone", old: .string("x"), new: nil),
                FieldChange(field: "name", old: .string("Heathrow"), new: .string("London Heathrow")),
            ])
        #expect(
            rules.exactChanges(from: old, to: new).map(\.field) == [
                "Zulu", "added", "gone", "location", "name", "updatedAt",
            ])
    }

    @Test func ignoredFieldPresentOnOneSideIsNoChange() {
        let rules = CompareRules(locationTolerance: 0.0001, doubleTolerance: 0, ignore: ["updatedAt"])
        #expect(rules.changes(from: Self.record([:]), to: Self.record(["updatedAt": .timestamp(5)])).isEmpty)
        #expect(rules.exactChanges(from: Self.record([:]), to: Self.record(["updatedAt": .timestamp(5)])).count == 1)
    }

    @Test func identicalRecordsHaveNoChanges() {
        var generator = CanonicalJSONTests.RandomRecords(seed: 42)
        for _ in 0..<500 {
            let record = generator.record()
            #expect(CompareRules.default.changes(from: record, to: record).isEmpty)
            #expect(CompareRules.default.exactChanges(from: record, to: record).isEmpty)
        }
    }
}
