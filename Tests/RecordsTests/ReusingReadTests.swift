import Foundation
import Synchronization
import Testing

@testable import Records

@Suite("Reading a source against the rows it held last time")
struct ReusingReadTests {
    /// The rows of a first read (every row fresh), as the index a second read consults, without
    /// the blocks: each row is found on its own.
    private func index(of read: ReusingRead) -> RowIndex {
        RowBlockTests.index(of: read, blocks: false)
    }

    private func names(of read: ReusingRead, known: RowIndex) -> [String] {
        RowBlockTests.names(of: read, known: known)
    }

    @Test(arguments: ["csv", "json", "keyed", "jsonl"])
    func onlyEditedRowsAreMappedAndTheRestAreFoundByDigest(kind: String) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let (format, text) = GeneratedSource.source(kind, 20_000, seed: 11)
        let source = "data/airports.\(format.rawValue)"
        let type = GeneratedSource.type(format, source: source)
        try workspace.write(source, text)
        let first = try RecordReader.read(type, workspace: workspace.path, reusing: .empty)
        #expect(first.runs.count == 20_000)
        let known = index(of: first)
        #expect(known.count == 20_000)

        // Rename two records: each edited row is new to the index, and its old row is gone.
        let edited = text.replacingOccurrences(
            of: kind == "csv" ? "r17," : "\"r17\"", with: kind == "csv" ? "r17x," : "\"r17x\""
        )
        .replacingOccurrences(
            of: kind == "csv" ? "r19999," : "\"r19999\"", with: kind == "csv" ? "r19999y," : "\"r19999y\"")
        #expect(edited != text)
        try workspace.write(source, edited)
        let second = try RecordReader.read(type, workspace: workspace.path, reusing: known)
        let plain = try RecordReader.read(type, workspace: workspace.path).records
        #expect(names(of: second, known: known) == plain.map(\.name))
        var fresh: [String] = []
        for case .fresh(_, let mapped) in second.runs {
            #expect(plain.contains(mapped))
            fresh.append(mapped.name)
        }
        #expect(fresh.sorted() == ["r17x", "r19999y"])
        #expect(second.unusedKnownRows.map { known.name(of: $0) }.sorted() == ["r17", "r19999"])
        // The known rows between the edits come back as a few runs, not a value per row: one run
        // per chunk of the read at most, split at each edit.
        let runs = second.runs.filter { if case .known = $0 { true } else { false } }
        #expect(runs.count <= 3 + ProcessInfo.processInfo.activeProcessorCount * 4, "\(runs.count) runs")
        #expect(second.invalid.isEmpty)

        // Reordered rows are found by digest, as runs of the rows that kept their neighbours.
        if kind == "jsonl" {
            var moved = edited.split(separator: "\n")
            moved.append(moved.removeFirst())
            try workspace.write(source, moved.joined(separator: "\n") + "\n")
            let third = try RecordReader.read(type, workspace: workspace.path, reusing: known)
            #expect(
                names(of: third, known: known)
                    == (try RecordReader.read(type, workspace: workspace.path)).records.map(\.name))
            #expect(third.runs.count < 20, "\(third.runs.count) runs")
            // The row moved to the end was out of order, mapped without a lookup (too few rows
            // missed for the table), and made known again once the read ended.
            var thirdFresh: [String] = []
            for case .fresh(_, let record) in third.runs { thirdFresh.append(record.name) }
            #expect(thirdFresh.sorted() == ["r17x", "r19999y"])
        }
    }

    /// A workspace holding a generated source of `kind` (20,000 rows) read once: its type, the
    /// source's path and text, and the rows the read leaves for the next, with their blocks.
    private func readOnce(_ kind: String, seed: UInt64) throws -> (
        workspace: TemporaryWorkspace, type: RecordTypeConfiguration, source: String, text: String, known: RowIndex
    ) {
        let (workspace, type, source, text) = try written(kind, rows: 20_000, seed: seed)
        let known = RowBlockTests.index(of: try RecordReader.read(type, workspace: workspace.path, reusing: .empty))
        return (workspace, type, source, text, known)
    }

    /// A workspace holding a generated source of `kind`: its type, the source's path and text.
    private func written(_ kind: String, rows: Int, seed: UInt64) throws -> (
        workspace: TemporaryWorkspace, type: RecordTypeConfiguration, source: String, text: String
    ) {
        let workspace = try TemporaryWorkspace()
        let (format, text) = GeneratedSource.source(kind, rows, seed: seed)
        let source = "data/airports.\(format.rawValue)"
        let type = GeneratedSource.type(format, source: source)
        try workspace.write(source, text)
        return (workspace, type, source, text)
    }

    /// Rows edited where they stand, in a source read in several chunks, are mapped and every
    /// other row found without a table of digests: each chunk finds its first rows near where its
    /// offset says, and an edited row (two side by side too) is not looked up.
    @Test(arguments: ["csv", "json", "keyed", "jsonl"])
    func editsInPlaceAreReadWithoutATableOfDigests(kind: String) throws {
        let (workspace, type, source, text, known) = try readOnce(kind, seed: 13)
        defer { workspace.remove() }
        #expect(known.blocks.count > 400)
        let renamed = ["r0", "r8000", "r8001", "r19999"]
        var edited = text
        for name in renamed {
            edited = edited.replacingOccurrences(
                of: kind == "csv" ? "\n\(name)," : "\"\(name)\"", with: kind == "csv" ? "\n\(name)x," : "\"\(name)x\"")
        }
        try workspace.write(source, edited)
        let second = try RecordReader.read(type, workspace: workspace.path, reusing: known)
        #expect(
            RowBlockTests.names(of: second, known: known)
                == (try RecordReader.read(type, workspace: workspace.path)).records.map(\.name))
        var fresh: [String] = []
        for case .fresh(_, let record) in second.runs { fresh.append(record.name) }
        #expect(fresh.sorted() == renamed.map { $0 + "x" }.sorted())
        #expect(!known.hasBuiltTables)
    }

    /// Rows in another order than last time are found by digest, each looked up once a few have
    /// missed their place, not mapped afresh.
    @Test func rowsInReverseOrderAreLookedUpNotMapped() throws {
        let (workspace, type, source, text, known) = try readOnce("jsonl", seed: 17)
        defer { workspace.remove() }
        try workspace.write(source, text.split(separator: "\n").reversed().joined(separator: "\n") + "\n")
        let mapped = Atomic(0)
        let second = try RecordReader.read(
            type, workspace: workspace.path, reusing: known, storing: { _ in mapped.add(1, ordering: .relaxed) })
        #expect(
            RowBlockTests.names(of: second, known: known)
                == (try RecordReader.read(type, workspace: workspace.path)).records.map(\.name))
        #expect(mapped.load(ordering: .relaxed) <= known.count >> 6, "\(mapped.load(ordering: .relaxed)) rows mapped")
        // The rows mapped before the lookups began are made known again once the read ends.
        #expect(second.runs.allSatisfy { if case .known = $0 { true } else { false } })
        #expect(second.unusedKnownRows.isEmpty)
    }

    /// A first read, with no rows known, maps every row and asks the empty index nothing.
    @Test func aFirstReadLooksNothingUp() throws {
        let (workspace, type, _, _) = try written("csv", rows: 2_000, seed: 19)
        defer { workspace.remove() }
        let empty = RowIndex(digests: [], nameBytes: [], nameEnds: [])
        let read = try RecordReader.read(type, workspace: workspace.path, reusing: empty)
        #expect(read.runs.count == 2_000)
        #expect(!empty.hasBuiltTables)
    }

    /// A read holds a million rows: an invalid row's error is boxed, so that no row has room for one.
    @Test func aRowIsNoLargerThanItsDigestAndAFreshRecord() {
        let fresh = MemoryLayout<RowDigest>.stride + MemoryLayout<EncodedRecord>.stride
        #expect(MemoryLayout<ReusingRead.Run>.stride <= fresh + 8)
        #expect(MemoryLayout<InvalidRecord>.stride > MemoryLayout<EncodedRecord>.stride)
    }

    @Test func rowIndexFindsRowsByDigestAndByName() {
        let digests = (0..<1000).map { RowDigest.of("row \($0)") }
        let names = (0..<1000).map { "name-\($0)" }
        let index = RowIndex(
            digests: digests, nameBytes: names.flatMap { Array($0.utf8) },
            nameEnds: names.indices.map { i in names[...i].reduce(0) { $0 + $1.utf8.count } })
        #expect(index.row(of: RowDigest.of("row 417")) == 417)
        #expect(index.row(of: RowDigest.of("row 1000")) == nil)
        #expect(index.rows(named: ["name-999", "name-", "name-3", "name-999"]) == [999, nil, 3, 999])
        #expect(index.rows(named: []) == [])
        #expect(index.name(of: 3) == "name-3")
        #expect(RowDigest.of("a", seed: 1) != RowDigest.of("a", seed: 2))
        #expect(RowDigest.of("") != RowDigest.of(" "))
    }
}
