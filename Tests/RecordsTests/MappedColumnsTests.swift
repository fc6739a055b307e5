import Foundation
import Testing

@testable import Records

/// A mapping that reads a column the source does not have is an error naming the key, the file
/// and the closest column there is, for every source layout.
@Suite("Mapped columns")
struct MappedColumnsTests {
    /// The generated type with one field or the record-name template changed.
    static func type(
        _ format: SourceFormat, source: String, nameFrom: String = "name", template: String = "id"
    ) -> RecordTypeConfiguration {
        var type = GeneratedSource.type(format, source: source)
        type.fields[type.fields.firstIndex { $0.name == "name" }!] =
            FieldMapping(name: "name", type: .string, source: .column(nameFrom))
        type.recordName = RecordNameTemplate(parts: [.column(template)], text: "{\(template)}")
        return type
    }

    static func error(_ kind: String, nameFrom: String = "name", template: String = "id", chunks: Int? = nil) throws
        -> String
    {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let (format, text) = GeneratedSource.source(kind, 300, seed: 5)
        let source = "data/airports.\(format.rawValue)"
        try workspace.write(source, text)
        let type = Self.type(format, source: source, nameFrom: nameFrom, template: template)
        return RecordReaderTests.readError(type, workspace, chunks: chunks)
    }

    @Test func aTypoInACSVMappingNamesTheHeaderAndTheClosestColumn() throws {
        #expect(
            try Self.error("csv", nameFrom: "nmae")
                == "data/airports.csv:1: no column \"nmae\" in the header, which field \"name\" (from = \"nmae\") reads; "
                + "did you mean \"name\"?")
    }

    @Test(arguments: ["json", "keyed", "jsonl"], [1, 7])
    func aKeyNoJSONRecordHasIsAnError(kind: String, chunks: Int) throws {
        let file = kind == "jsonl" ? "data/airports.jsonl" : "data/airports.json"
        #expect(
            try Self.error(kind, nameFrom: "nmae", chunks: chunks)
                == "\(file): no record has the key \"nmae\", which field \"name\" (from = \"nmae\") reads; "
                + "did you mean \"name\"?")
    }

    @Test(arguments: ["csv", "json", "keyed", "jsonl"])
    func aTemplatePlaceholderTheSourceLacksIsAnError(kind: String) throws {
        let message = try Self.error(kind, template: "idd")
        #expect(message.contains("\"idd\""), "\(message)")
        #expect(message.contains("which the record-name template \"{idd}\" reads; did you mean \"id\"?"), "\(message)")
    }

    @Test func aKeyPresentOnlyAsNullIsNotAMistake() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        try workspace.write(
            "data/airports.jsonl",
            "{\"id\": \"a\", \"name\": null, \"elevation\": 1}\n{\"id\": \"b\", \"name\": null, \"elevation\": 2}\n")
        var type = GeneratedSource.type(.jsonl, source: "data/airports.jsonl")
        type.fields = [
            FieldMapping(name: "name", type: .string, source: .column("name")),
            FieldMapping(name: "elevation", type: .int64, source: .column("elevation")),
        ]
        #expect(try RecordReader.read(type, workspace: workspace.path).records.map(\.name) == ["a", "b"])
    }

    @Test func suggestionsAreTheCloseNamesOnly() {
        #expect(Suggestion.closest(to: "adress", in: ["address", "city", "adresses"]) == ["address", "adresses"])
        #expect(Suggestion.closest(to: "ident", in: ["icao", "name"]).isEmpty)
        #expect(Suggestion.closest(to: "Name", in: ["name"]) == ["name"])
    }
}
