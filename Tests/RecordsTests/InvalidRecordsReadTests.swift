import Foundation
import Testing

@testable import Records

/// `invalid-records = "skip"`: records that cannot be mapped are left out and listed with their
/// lines, in every layout, in chunks or not, and on a read that reuses known rows.
@Suite("Reading with invalid records skipped")
struct InvalidRecordsReadTests {
    /// A generated source in which records r17 and r250 get names CloudKit refuses, and r40 an
    /// elevation that is no INT64.
    static func source(_ kind: String) -> (format: SourceFormat, text: String) {
        let (format, text) = GeneratedSource.source(kind, 300, seed: 9)
        let csv = format == .csv
        var edited = text
        for id in ["r17", "r250"] {
            edited = edited.replacingOccurrences(
                of: csv ? "\n\(id)," : "\"id\": \"\(id)\"", with: csv ? "\n_\(id)," : "\"id\": \"_\(id)\"")
        }
        if csv {
            // r40's elevation is the cell after its (possibly quoted) name: replace the row's third cell.
            let lines = edited.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("r40,")
                    ? line.replacing(/^(r40,(?:"(?:[^"]|"")*"|[^,]*)),-?\d+,/) { "\($0.output.1),12a," } : line
            }
            edited = lines.joined(separator: "\n")
        } else {
            edited = edited.replacing(/("id": "r40", "name": "(?:[^"\\]|\\.)*", "elevation": )-?\d+/) {
                "\($0.output.1)\"12a\""
            }
        }
        return (format, edited)
    }

    /// The line a record starts on: its row, its object's line, or in the keyed layout its key's.
    static func line(of id: String, in text: String, kind: String) -> Int {
        let marker = kind == "csv" ? "\n\(id)," : "\"id\": \"\(id)\""
        let offset = text.range(of: marker)!.lowerBound
        // Bytes, not Characters: CRLF is one Character.
        let newlines = text[..<offset].utf8.count { $0 == UInt8(ascii: "\n") }
        return newlines + (kind == "csv" ? 2 : kind == "keyed" ? 0 : 1)
    }

    @Test(arguments: ["csv", "json", "keyed", "jsonl"], [1, 5])
    func invalidRecordsAreListedAndTheRestRead(kind: String, chunks: Int) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let (format, text) = Self.source(kind)
        let source = "data/airports.\(format.rawValue)"
        try workspace.write(source, text)
        var type = GeneratedSource.type(format, source: source)
        type.invalidRecords = .skip

        let read = try RecordReader.read(type, workspace: workspace.path, chunks: chunks)
        #expect(read.records.count == 297)
        #expect(!read.records.contains { ["_r17", "_r250", "r40"].contains($0.name) })
        // A record-name error names the record's line; a value error the value's, which in the
        // keyed layout is the line after the key.
        let lines = [
            Self.line(of: "_r17", in: text, kind: kind),
            Self.line(of: "r40", in: text, kind: kind == "csv" ? "csv" : "json"),
            Self.line(of: "_r250", in: text, kind: kind),
        ]
        #expect(read.invalid.map(\.error.line) == lines, "\(read.invalid)")
        #expect(read.invalid.map(\.error.field) == [nil, "elevation", nil])
        #expect(read.invalid[0].error.message.contains("record name \"_r17\" starts with \"_\""))
        #expect(read.invalid.allSatisfy { $0.type == "Airport" && $0.error.file == source })

        // The same rows, reusing none or all of them.
        let reusing = try RecordReader.read(type, workspace: workspace.path, reusing: .empty)
        #expect(reusing.runs.count == 300 && reusing.invalid == read.invalid)

        // Under the default, the first of them stops the read, with a hint at the policy.
        type.invalidRecords = .error
        type.sourceDeclaration = "cksync.toml:12"
        let thrown = #expect(throws: InputError.self) {
            try RecordReader.read(type, workspace: workspace.path, chunks: chunks)
        }
        #expect(
            thrown?.hint
                == "invalid-records = \"skip\" in the [[types]] block of \"Airport\" (cksync.toml:12) leaves out such records and lists them"
        )
        let error = RecordReaderTests.readError(type, workspace, chunks: chunks)
        #expect(error.hasPrefix("\(source):\(lines[0]): record name \"_r17\""), "\(error)")
    }

    /// Parse errors are not mapping errors: a CSV row with a cell too many stops the read under
    /// "skip" too, as a name used twice does.
    @Test func whatCannotBeSkippedStillStopsTheRead() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        var type = GeneratedSource.type(.csv, source: "data/a.csv")
        type.invalidRecords = .skip
        let header = "id,name,elevation,lat,lon,tags,updated\n"
        try workspace.write("data/a.csv", header + "a,A,1,1,1,,\nb,B,2,1,1,,,extra\n")
        #expect(
            RecordReaderTests.readError(type, workspace, chunks: nil).contains(
                "data/a.csv:3: row has 8 cells, the header has 7"))
        try workspace.write("data/a.csv", header + "a,A,1,1,1,,\n_b,B,2,1,1,,\na,C,3,1,1,,\n")
        #expect(
            RecordReaderTests.readError(type, workspace, chunks: nil)
                == "data/a.csv:4: duplicate record name \"a\" (first at line 2)")
    }
}
