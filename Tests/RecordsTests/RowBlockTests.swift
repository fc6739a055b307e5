import Foundation
import Testing

@testable import Records

/// Blocks of rows (`RowBlock`): cut where the content says, skipped whole when their bytes are
/// unchanged, and never taken where the same bytes would read differently.
@Suite("Blocks of known rows")
struct RowBlockTests {
    /// The index a read leaves for the next one: its rows, all fresh, and the blocks it cut
    /// (none when `blocks` is false: each row is then found on its own).
    static func index(
        of read: ReusingRead, blocks: Bool = true, digests replace: ((Int, RowDigest) -> RowDigest)? = nil
    ) -> RowIndex {
        var digests: [RowDigest] = []
        var names: [UInt8] = []
        var ends: [Int] = []
        for case .fresh(let digest, let record) in read.runs {
            digests.append(replace?(digests.count, digest) ?? digest)
            names += Array(record.name.utf8)
            ends.append(names.count)
        }
        return RowIndex(digests: digests, nameBytes: names, nameEnds: ends, blocks: blocks ? read.blocks : [])
    }

    /// The record names of a read's rows, in source order.
    static func names(of read: ReusingRead, known: RowIndex) -> [String] {
        read.runs.flatMap { run -> [String] in
            switch run {
            case .known(let rows): rows.map { known.name(of: $0) }
            case .fresh(_, let record): [record.name]
            case .invalid: []
            }
        }
    }

    static func knownRowCount(_ read: ReusingRead) -> Int {
        read.runs.reduce(0) { count, run in
            if case .known(let rows) = run { return count + rows.count }
            return count
        }
    }

    @Test(arguments: ["csv", "json", "keyed", "jsonl"])
    func unchangedBlocksAreSkippedAndEditedOnesReadRowByRow(kind: String) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let (format, text) = GeneratedSource.source(kind, 20_000, seed: 21)
        let source = "data/airports.\(format.rawValue)"
        let type = GeneratedSource.type(format, source: source)
        try workspace.write(source, text)
        let first = try RecordReader.read(type, workspace: workspace.path, reusing: .empty)
        let known = Self.index(of: first)
        // One row in 32 ends a block: most rows are in one.
        let blockRows = known.blocks.reduce(0) { $0 + $1.rowCount }
        #expect(known.blocks.count > 400 && blockRows > 18_000, "\(known.blocks.count) blocks of \(blockRows) rows")

        let rename = { (text: String, id: String) in
            text.replacingOccurrences(
                of: kind == "csv" ? "\n\(id)," : "\"\(id)\"", with: kind == "csv" ? "\n\(id)x," : "\"\(id)x\"")
        }
        let edited = rename(rename(text, "r17"), "r12345")
        try workspace.write(source, edited)
        let second = try RecordReader.read(type, workspace: workspace.path, reusing: known)
        let plain = try RecordReader.read(type, workspace: workspace.path).records
        #expect(Self.names(of: second, known: known) == plain.map(\.name))
        var fresh: [String] = []
        for case .fresh(_, let record) in second.runs {
            #expect(plain.contains(record))
            fresh.append(record.name)
        }
        #expect(fresh.sorted() == ["r12345x", "r17x"])

        // Cuts follow the content: only the blocks around the edits, and where the chunks of the
        // read start, are cut anew.
        let before = Set(first.blocks.map(\.digest))
        let kept = second.blocks.filter { before.contains($0.digest) }.count
        #expect(kept >= first.blocks.count - 2 - 2 * ProcessInfo.processInfo.activeProcessorCount * 4)

        // A block whose bytes match is taken whole: with every row digest of the index wrong, the
        // rows of the blocks the read reaches in order still come back known.
        let blind = Self.index(of: first) { row, digest in RowDigest(low: ~digest.low, high: UInt64(row)) }
        let third = try RecordReader.read(type, workspace: workspace.path, reusing: blind)
        #expect(Self.names(of: third, known: blind) == plain.map(\.name))
        #expect(Self.knownRowCount(third) > 1_000, "\(Self.knownRowCount(third)) rows known")
    }

    /// A row added after a last row that had no line feed: the block that ended at the end of the
    /// file is not skipped into the row, which now goes on.
    @Test func aLastRowWithoutALineFeedIsReadAgain() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let (format, text) = GeneratedSource.source("jsonl", 3_000, seed: 5)
        let type = GeneratedSource.type(format, source: "data/a.jsonl")
        let unterminated = String(text.dropLast())
        try workspace.write("data/a.jsonl", unterminated)
        let known = Self.index(of: try RecordReader.read(type, workspace: workspace.path, reusing: .empty))
        try workspace.write("data/a.jsonl", unterminated + "\n{\"id\": \"added\", \"name\": \"n\"}\n")
        let second = try RecordReader.read(type, workspace: workspace.path, reusing: known)
        let plain = try RecordReader.read(type, workspace: workspace.path).records
        #expect(Self.names(of: second, known: known) == plain.map(\.name))
        #expect(plain.last?.name == "added")
    }

    /// In a JSON array a block starts with the comma after the record before it: the same bytes
    /// just after the opening bracket are a syntax error, not known records.
    @Test func aBlockIsNeverTakenWhereTheDataStarts() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let records = (0..<400).map {
            "{\"id\": \"r\($0)\", \"name\": \"n\", \"elevation\": \($0), \"lat\": 1.5, \"lon\": 2.5, \"tags\": [], "
                + "\"updated\": 1709251200000}"
        }
        let type = GeneratedSource.type(.json, source: "data/a.json")
        try workspace.write("data/a.json", "[" + records.joined(separator: ",\n") + "]")
        let first = try RecordReader.read(type, workspace: workspace.path, reusing: .empty)
        let known = Self.index(of: first)
        let block = try #require(known.blocks.first { $0.firstRow > 0 })
        // After the bracket, exactly the bytes of that block and the rest.
        try workspace.write("data/a.json", "[,\n" + records[block.firstRow...].joined(separator: ",\n") + "]")
        let plainError = #expect(throws: InputError.self) { try RecordReader.read(type, workspace: workspace.path) }
        let error = #expect(throws: InputError.self) {
            try RecordReader.read(type, workspace: workspace.path, reusing: known)
        }
        #expect(error?.description == plainError?.description)
    }

    /// A block holding a row that makes no record is not kept: the next read lists the row again.
    @Test(arguments: ["csv", "json", "keyed", "jsonl"])
    func invalidRowsAreInNoBlock(kind: String) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let (format, text) = InvalidRecordsReadTests.source(kind)
        let source = "data/airports.\(format.rawValue)"
        try workspace.write(source, text)
        var type = GeneratedSource.type(format, source: source)
        type.invalidRecords = .skip
        let first = try RecordReader.read(type, workspace: workspace.path, reusing: .empty)
        #expect(first.invalid.count == 3)
        let second = try RecordReader.read(type, workspace: workspace.path, reusing: Self.index(of: first))
        #expect(second.invalid == first.invalid)
        #expect(Self.knownRowCount(second) == 297)
    }

    @Test func blocksAreFoundByTheirFirstRow() {
        let blocks = stride(from: 0, to: 3_200, by: 32).map {
            RowBlock(firstRow: $0 + 1, rowCount: 30, length: 100, lines: 30, digest: RowDigest.of("\($0)"))
        }
        let index = RowIndex(
            digests: (0..<3_300).map { RowDigest.of("row \($0)") }, nameBytes: [],
            nameEnds: [Int](repeating: 0, count: 3_300),
            blocks: blocks)
        // The first block from each row, whatever the hint: blocks start at rows 1, 33, … 3_169.
        for row in [0, 1, 2, 32, 33, 34, 100, 3_168, 3_169, 3_170, 3_201, 5_000] {
            let expected = row <= 1 ? 0 : min((row - 2) / 32 + 1, 100)
            for hint in [0, 1, expected - 1, expected, expected + 1, 99, 100, 101] {
                #expect(index.firstBlock(from: row, hint: hint) == expected, "row \(row), hint \(hint)")
            }
        }
    }

    /// A read that skips known blocks validates only the rows it parses: a byte that is not UTF-8,
    /// in an edited row or between rows, fails it with the error a full read gives.
    @Test(arguments: ["csv", "json", "keyed", "jsonl"])
    func bytesThatAreNotUTF8FailASkippingReadAsTheyFailAFullOne(kind: String) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let (format, text) = GeneratedSource.source(kind, 20_000, seed: 5)
        let source = "data/airports.\(format.rawValue)"
        let type = GeneratedSource.type(format, source: source)
        try workspace.write(source, text)
        let known = Self.index(of: try RecordReader.read(type, workspace: workspace.path, reusing: .empty))
        #expect(known.blocks.count > 400)
        let bytes = Array(text.utf8)
        func offset(after needle: String, from start: Int = 0) -> Int {
            let needle = Array(needle.utf8)
            return (start...).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }! + needle.count
        }
        // A valid edit with characters that are not ASCII, inside the name of record r12345.
        let afterID = offset(after: kind == "csv" ? "\nr12345," : "\"r12345\"")
        let name =
            kind == "csv" ? afterID + (bytes[afterID] == 0x22 ? 1 : 0) : offset(after: "\"name\": \"", from: afterID)
        func edit(_ insertions: [(at: Int, bytes: [UInt8])]) throws {
            var edited = bytes
            for insertion in insertions.sorted(by: { $0.at > $1.at }) {
                edited.replaceSubrange(insertion.at..<insertion.at, with: insertion.bytes)
            }
            try Data(edited).write(to: URL(fileURLWithPath: workspace.path + "/" + source))
        }
        let validEdit = (at: name, bytes: Array("ő空".utf8))
        // In that name, in the row after it, and after a later record (between two, in JSON).
        let places = [
            name, offset(after: "\n", from: name) + 5,
            offset(after: kind == "csv" || kind == "jsonl" ? "\n" : "},", from: offset(after: "r15000")),
        ]
        for place in places {
            try edit([validEdit, (at: place, bytes: [0xFF])])
            let full = #expect(throws: InputError.self) { try RecordReader.read(type, workspace: workspace.path) }
            let skipping = #expect(throws: InputError.self) {
                try RecordReader.read(type, workspace: workspace.path, reusing: known)
            }
            #expect(full?.description.contains("invalid UTF-8") == true, "\(String(describing: full))")
            #expect(skipping?.description == full?.description)
        }

        // The valid edit alone reads as a full read does, and the rest is still skipped.
        try edit([validEdit])
        let skipping = try RecordReader.read(type, workspace: workspace.path, reusing: known)
        let full = try RecordReader.read(type, workspace: workspace.path).records
        #expect(Self.names(of: skipping, known: known) == full.map(\.name))
        var fresh: [EncodedRecord] = []
        for case .fresh(_, let record) in skipping.runs { fresh.append(record) }
        #expect(fresh.count == 1 && full.contains(fresh[0]))
        #expect(Self.knownRowCount(skipping) > 19_000)
    }
}
