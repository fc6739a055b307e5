import Foundation
@testable import Records
import TestSupport
import Testing

/// Generated sources of `count` airport-like records, with awkward text near any offset.
enum GeneratedSource {
    static let texts = ["Heathrow", "a, b", "say \"hi\"", "two\nlines", "Zürich", "Cafe\u{301}", "}, {\"x\": 1}", "", "\\", "[1]"]

    static func csv(_ count: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        var text = "id,name,elevation,lat,lon,tags,updated\n"
        for index in 0..<count {
            let name = texts.randomElement(using: &random)!
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let cell = name.contains(where: { ",\"\n".contains($0) }) || Bool.random(using: &random) ? quoted : name
            let lat = Double(Int.random(in: -900_000...900_000, using: &random)) / 10_000
            let lon = Double(Int.random(in: -1_800_000...1_800_000, using: &random)) / 10_000
            let tags = (0..<Int.random(in: 0...3, using: &random)).map { "t\($0)" }.joined(separator: "|")
            let crlf = index % 7 == 0 ? "\r\n" : "\n"
            text += "r\(index),\(cell),\(Int.random(in: -100...5000, using: &random)),\(lat),\(lon),\(tags),"
            text += "2024-03-\(10 + index % 18)T12:00:00Z" + crlf
            if index % 1000 == 500 { text += "\n" }
        }
        return text
    }

    /// A JSON array (or object of objects, keyed by name, when `keyed`), or JSON Lines.
    static func json(_ count: Int, seed: UInt64, layout: JSONSourceReader.Layout) -> String {
        var random = SplitMix64(seed: seed)
        var text = layout == .array ? "[\n" : layout == .objectOfObjects ? "{\n" : ""
        for index in 0..<count {
            let name = texts.randomElement(using: &random)!
                .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            let lat = Double(Int.random(in: -900_000...900_000, using: &random)) / 10_000
            var object = "{\"id\": \"r\(index)\", \"name\": \"\(name)\", \"elevation\": \(Int.random(in: -100...5000, using: &random)), "
            object += "\"extra\": {\"deep\": [{\"a\": 1}, {\"b\": \"}, {\"}]}, \"lat\": \(lat), \"lon\": -0.5, "
            object += "\"tags\": [\"x\", \"y\"], \"updated\": \(1_709_251_200_000 + index)}"
            switch layout {
            case .array: text += (index == 0 ? "  " : ",\n  ") + object
            case .objectOfObjects: text += (index == 0 ? "" : ",") + "\"r\(index)\":\n" + object
            case .lines: text += object + (index % 500 == 0 ? "\n\n" : "\n")
            }
        }
        text += layout == .array ? "\n]\n" : layout == .objectOfObjects ? "}" : ""
        return text
    }

    /// A generated source of one kind: "csv", "json" (an array), "keyed" (an object) or "jsonl".
    static func source(_ kind: String, _ count: Int, seed: UInt64) -> (format: SourceFormat, text: String) {
        switch kind {
        case "csv": (.csv, csv(count, seed: seed))
        case "json": (.json, json(count, seed: seed + 1, layout: .array))
        case "keyed": (.json, json(count, seed: seed + 2, layout: .objectOfObjects))
        default: (.jsonl, json(count, seed: seed + 3, layout: .lines))
        }
    }

    static func type(_ format: SourceFormat, source: String) -> RecordTypeConfiguration {
        RecordTypeConfiguration(
            name: "Airport", source: source, format: format,
            recordName: RecordNameTemplate(parts: [.column("id")], text: "{id}"),
            fields: [
                FieldMapping(name: "name", type: .string, source: .column("name")),
                FieldMapping(name: "elevation", type: .int64, source: .column("elevation")),
                FieldMapping(name: "location", type: .location, source: .coordinates(latitude: "lat", longitude: "lon")),
                FieldMapping(name: "tags", type: .stringList, source: .column("tags"), separator: format == .csv ? "|" : nil),
                FieldMapping(name: "updated", type: .timestamp, source: .column("updated")),
            ],
            compare: .default)
    }
}

/// A fresh directory per test.
struct TemporaryWorkspace {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-records-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/data", withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("Record reader")
struct RecordReaderTests {
    /// The first error of a read, without its hint (the hint's own test reads it).
    static func readError(_ type: RecordTypeConfiguration, _ workspace: TemporaryWorkspace, chunks: Int?) -> String {
        do {
            _ = try RecordReader.read(type, workspace: workspace.path, chunks: chunks)
            return "no error"
        } catch {
            var error = error
            error.hint = nil
            return error.description
        }
    }

    @Test(arguments: ["csv", "json", "keyed", "jsonl"])
    func parallelReadEqualsSingleChunkRead(kind: String) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let (format, text) = GeneratedSource.source(kind, 50_000, seed: 1)
        let source = "data/airports.\(format.rawValue)"
        try workspace.write(source, text)
        let type = GeneratedSource.type(format, source: source)
        let single = try RecordReader.read(type, workspace: workspace.path, chunks: 1).records
        #expect(single.count == 50_000)
        #expect(single.first?.name == "r0" && single.last?.name == "r49999")
        for chunks in [2, 7, 16, 61] {
            let parallel = try RecordReader.read(type, workspace: workspace.path, chunks: chunks).records
            #expect(parallel == single, "\(chunks) chunks")
        }
        #expect(try RecordReader.read(type, workspace: workspace.path).records == single)
        let rows = try readRows(text, format: format, columns: RecordMapper(type: type, sourcePath: source).columns)
        let parallelRows = try readRows(text, format: format, columns: RecordMapper(type: type, sourcePath: source).columns, chunks: 9)
        #expect(rows == parallelRows)
    }

    @Test func recordsMatchTheirSourceRows() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        try workspace.write("data/a.csv", "id,name,elevation,lat,lon,tags,updated\nEGLL,Cafe\u{301},83,51.47,-0.46,a|b,2024-03-01\n")
        let records = try RecordReader.read(GeneratedSource.type(.csv, source: "data/a.csv"), workspace: workspace.path).records
        let expected = Record(
            type: "Airport", name: "EGLL",
            fields: [
                "name": .string("Café"), "elevation": .int64(83),
                "location": .location(Location(latitude: 51.47, longitude: -0.46)),
                "tags": .list(elementType: .string, [.string("a"), .string("b")]),
                "updated": .timestamp(1_709_251_200_000),
            ])
        #expect(records == [EncodedRecord(name: "EGLL", blob: CanonicalJSON.encode(expected))])
        #expect(try CanonicalJSON.decode(records[0].blob) == expected)
    }

    @Test func missingFileIsNamed() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        #expect(Self.readError(GeneratedSource.type(.csv, source: "data/airports.csv"), workspace, chunks: nil) == "data/airports.csv: no such file")
    }

    @Test(arguments: [1, 8])
    func duplicateNamesNameBothLines(chunks: Int) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        var text = GeneratedSource.csv(20_000, seed: 5)
        text += "r12,x,1,0,0,,2024-03-01\n"
        try workspace.write("data/a.csv", text)
        let type = GeneratedSource.type(.csv, source: "data/a.csv")
        // By bytes: a Character-wise split would keep "\r\n" together.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        let first = lines.firstIndex { $0.hasPrefix("r12,") }! + 1
        let error = Self.readError(type, workspace, chunks: chunks)
        #expect(error == "data/a.csv:\(lines.count - 1): duplicate record name \"r12\" (first at line \(first))")
    }

    @Test(arguments: [1, 3, 16])
    func theFirstErrorInSourceOrderWins(chunks: Int) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        var lines = GeneratedSource.json(30_000, seed: 6, layout: .lines).split(separator: "\n").map(String.init)
        lines[20_000] = lines[20_000].replacingOccurrences(of: "\"elevation\": ", with: "\"elevation\": 1.5, \"x\": ")
        lines[25_000] = "{\"id\": \"r0\"}"
        lines[28_000] = "{"
        try workspace.write("data/a.jsonl", lines.joined(separator: "\n"))
        let type = GeneratedSource.type(.jsonl, source: "data/a.jsonl")
        #expect(Self.readError(type, workspace, chunks: chunks) == #"data/a.jsonl:20001: field "elevation": 1.5 is not an INT64"#)
    }

    @Test func aDuplicateBeforeABadRowComesFirst() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        try workspace.write("data/a.jsonl", "{\"id\": \"a\"}\n{\"id\": \"a\"}\n{\"id\": \"b\", \"elevation\": \"x\"}\n")
        var type = GeneratedSource.type(.jsonl, source: "data/a.jsonl")
        type.fields = type.fields.filter { $0.name == "elevation" }  // a key some record has
        #expect(Self.readError(type, workspace, chunks: 1) == #"data/a.jsonl:2: duplicate record name "a" (first at line 1)"#)
    }

    /// Throughput on 1,000,000 generated records; run with CKSYNC_PERF=1 in a release build.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CKSYNC_PERF"] != nil))
    func throughputOfAMillionRecords() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        for format in [SourceFormat.csv, .json] {
            let source = "data/big.\(format.rawValue)"
            try workspace.write(source, format == .csv ? GeneratedSource.csv(1_000_000, seed: 9) : GeneratedSource.json(1_000_000, seed: 9, layout: .array))
            let clock = ContinuousClock()
            var count = 0
            let elapsed = try clock.measure {
                count = try RecordReader.read(GeneratedSource.type(format, source: source), workspace: workspace.path).records.count
            }
            #expect(count == 1_000_000)
            let size = try FileManager.default.attributesOfItem(atPath: workspace.path + "/" + source)[.size] as? Int ?? 0
            Issue.record("\(format): \(count) records, \(size / 1_000_000) MB in \(elapsed)")
        }
    }
}
