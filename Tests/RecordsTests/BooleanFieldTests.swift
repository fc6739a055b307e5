import Testing

@testable import Records

/// `type = "BOOLEAN"`: an INT64 field of 0 and 1, read from truth values.
@Suite("BOOLEAN fields")
struct BooleanFieldTests {
    static let mapping = FieldMapping(name: "f", type: .int64, source: .column("c"), isBoolean: true)

    @Test(arguments: [
        (RawValue.bool(true), 1 as Int64), (.bool(false), 0), (.number("1"), 1), (.number("0"), 0),
        (.string("true"), 1), (.string("FALSE"), 0), (.string(" Yes "), 1), (.string("no"), 0), (.string("1"), 1),
        (.string("0"), 0),
    ])
    func truthValuesAreOneOrZero(raw: RawValue, expected: Int64) throws {
        #expect(try MapperTests.mapValue(raw, Self.mapping) == .int64(expected))
    }

    @Test func absentValuesStayAbsent() throws {
        for raw: RawValue? in [nil, .null, .string("")] {
            #expect(try MapperTests.mapValue(raw, Self.mapping) == nil)
        }
    }

    @Test(arguments: [RawValue.string("maybe"), .number("2"), .number("1.0"), .array([.bool(true)])])
    func anythingElseIsAnErrorNamingLineAndField(raw: RawValue) {
        let message = MapperTests.mapError(raw, Self.mapping)
        #expect(message.hasPrefix("data/a.csv:7: record \"r1\": field \"f\": ") || message.hasPrefix("data/a.csv:7: field \"f\": "), "\(message)")
        #expect(message.hasSuffix("is not a BOOLEAN (expected true, false, yes, no, 1 or 0)"), "\(message)")
    }

    @Test func theConfigurationReadsBOOLEANAsAnINT64() throws {
        let text = """
            [remotes.local]
            kind = "local"

            [[types]]
            name = "Place"
            source = "data/places.json"
            record-name = "{$key}"

            [types.fields]
            open = "BOOLEAN"
            wheelchair = { type = "BOOLEAN", from = "accessible" }
            """
        let configuration = try WorkspaceConfiguration.parse(text, file: "cksync.toml")
        let fields = configuration.types[0].fields
        #expect(fields.map(\.type) == [.int64, .int64])
        #expect(fields.map(\.isBoolean) == [true, true])
    }
}

/// A value error in a multi-line JSON record names the line of the value itself.
@Suite("Value lines")
struct ValueLineTests {
    @Test(arguments: [
        ("[\n  {\n    \"id\": \"a\",\n    \"n\": 1\n  },\n  {\n    \"id\": \"b\",\n\n    \"n\": \"x\"\n  }\n]\n", 9),
        ("{\n  \"a\": {\n    \"n\": 1\n  },\n  \"b\": {\n    \"other\": 2,\n    \"n\": \"x\"\n  }\n}\n", 7),
    ])
    func theErrorNamesTheValuesLine(text: String, line: Int) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        try workspace.write("data/a.json", text)
        let keyed = text.hasPrefix("{")
        let type = RecordTypeConfiguration(
            name: "T", source: "data/a.json", format: .json,
            recordName: keyed ? RecordNameTemplate(parts: [.objectKey], text: "{$key}")
                : RecordNameTemplate(parts: [.column("id")], text: "{id}"),
            fields: [FieldMapping(name: "n", type: .int64, source: .column("n"))], compare: .default)
        #expect(RecordReaderTests.readError(type, workspace, chunks: 1) == "data/a.json:\(line): field \"n\": \"x\" is not an INT64")
    }
}
