import Records
import TestSupport
import Testing

/// `CompareRules.changes(fromBlob:toBlob:rules:)` decodes only the fields whose lines differ; it
/// must agree with comparing the decoded records in every case.
@Suite("Comparing record blobs line by line")
struct BlobComparisonTests {
    /// The same field names in both versions, so that most pairs share fields.
    static let names = ["a", "elevation", "location", "name", "tags", "updatedAt", "Z", "é"]

    /// A version of `record` with some fields changed, nudged, added or removed.
    static func edited(_ record: Record, _ random: inout CanonicalJSONTests.RandomRecords) -> Record {
        var edited = record
        for name in names where random.below(8) == 0 {
            switch (random.below(4), record.fields[name]) {
            case (0, _): edited.fields[name] = nil
            case (1, .double(let value)?): edited.fields[name] = .double(value + [0.00001, 0.3, 2][random.below(3)])
            case (1, .location(var location)?):
                location.latitude += [0.00005, 0.0001, 0.01][random.below(3)]
                edited.fields[name] = .location(location)
            default:
                let type = FieldType.allCases[random.below(FieldType.allCases.count)]
                edited.fields[name] = random.value(of: type)
            }
        }
        return edited
    }

    static func record(_ random: inout CanonicalJSONTests.RandomRecords) -> Record {
        var fields: [String: FieldValue] = [:]
        for name in names where random.below(4) != 0 {
            let types: [FieldType] = [.double, .location, .string, .int64, .stringList, .doubleList, .reference]
            fields[name] = random.value(of: types[random.below(types.count)])
        }
        return Record(type: "T\(random.below(3))", name: random.string(), fields: fields)
    }

    @Test func agreesWithComparingTheDecodedRecords() throws {
        var random = CanonicalJSONTests.RandomRecords(seed: 7)
        let rules: [String: CompareRules] = [
            "T0": .default,
            "T1": CompareRules(locationTolerance: 0.0001, doubleTolerance: 0.5, ignore: ["updatedAt", "é"]),
            "T2": CompareRules(locationTolerance: 0, doubleTolerance: 0, ignore: []),
        ]
        var (changed, equal) = (0, 0)
        for _ in 0..<3_000 {
            let old = Self.record(&random)
            var new = Self.edited(old, &random)
            new.type = "T\(random.below(3))"
            let typeRules = rules[new.type]!
            let expected = typeRules.changes(from: old, to: new)
            let compared = try CompareRules.changes(
                fromBlob: CanonicalJSON.encode(old), toBlob: CanonicalJSON.encode(new)
            ) { rules[$0]! }
            #expect(compared.changes == expected, "\(old) → \(new)")
            #expect(compared.type == new.type && compared.name == new.name)
            if expected.isEmpty { equal += 1 } else { changed += 1 }
        }
        // Both outcomes are common, so neither path is tested by accident alone.
        #expect(changed > 1_000 && equal > 300, "changed \(changed), equal \(equal)")
    }

    @Test func blobsInAnotherLayoutAreDecodedWhole() throws {
        let old = Record(type: "T", name: "n", fields: ["a": .int64(1), "b": .string("x"), "q\"uote": .int64(1)])
        var new = old
        new.fields["b"] = .string("y")
        new.fields["q\"uote"] = .int64(2)
        // Whitespace before every line feed: the same JSON, not the layout `encode` writes.
        let spaced = CanonicalJSON.encode(new).flatMap { $0 == 0x0A ? [0x20, 0x0A] : [$0] }
        let expected = CompareRules.default.changes(from: old, to: new)
        #expect(expected.map(\.field) == ["b", "q\"uote"])
        for blob in [CanonicalJSON.encode(new), spaced] {
            let compared = try CompareRules.changes(fromBlob: CanonicalJSON.encode(old), toBlob: blob) { _ in .default }
            #expect(compared.changes == expected)
        }
    }

    @Test func aCorruptFieldThatDiffersIsAnError() throws {
        let old = Record(type: "T", name: "n", fields: ["a": .int64(1), "b": .int64(2)])
        let new = CanonicalJSON.encode(old).replacing(
            Array(#"{"type": "INT64", "value": 2}"#.utf8), with: Array(#"{"type": "INT64", "value": "2"}"#.utf8))
        #expect(throws: CanonicalJSONError.self) {
            try CompareRules.changes(fromBlob: CanonicalJSON.encode(old), toBlob: new) { _ in .default }
        }
    }
    @Test func aFieldNameThatIsNotUTF8IsAnError() throws {
        let old = CanonicalJSON.encode(Record(type: "T", name: "n", fields: ["a": .int64(1)]))
        let new = CanonicalJSON.encode(Record(type: "T", name: "n", fields: ["a": .int64(1), "b": .int64(2)]))
            .replacing(Array(#""b""#.utf8), with: [0x22, 0xFF, 0x22])
        let error = #expect(throws: CanonicalJSONError.self) {
            try CompareRules.changes(fromBlob: old, toBlob: new) { _ in .default }
        }
        #expect(error?.message == "string is not valid UTF-8")
    }
}
