import Foundation
import Testing

@testable import Records

@Suite("Reading a source against the rows it held last time")
struct ReusingReadTests {
    /// The rows of a plain read, as the index a second read consults.
    private func index(of read: ReusingRead) -> RowIndex {
        var names: [UInt8] = []
        var ends: [Int] = []
        for row in read.rows {
            guard case .fresh(let record) = row.record else { continue }
            names += Array(record.name.utf8)
            ends.append(names.count)
        }
        return RowIndex(digests: read.rows.map(\.digest), nameBytes: names, nameEnds: ends)
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
        #expect(first.rows.count == 20_000)
        let known = index(of: first)

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
        #expect(second.rows.count == plain.count)
        var fresh: [String] = []
        for (row, record) in zip(second.rows, plain) {
            switch row.record {
            case .known(let index): #expect(known.name(of: index) == record.name)
            case .fresh(let mapped):
                #expect(mapped == record)
                fresh.append(mapped.name)
            case .invalid(let invalid):
                Issue.record("no row of this source is invalid: \(invalid)")
            }
        }
        #expect(fresh.sorted() == ["r17x", "r19999y"])
    }

    /// A read holds a million rows: an invalid row's error is boxed, so that no row has room for one.
    @Test func aRowIsNoLargerThanItsDigestAndAFreshRecord() {
        let fresh = MemoryLayout<RowDigest>.stride + MemoryLayout<EncodedRecord>.stride
        #expect(MemoryLayout<ReusingRead.Row>.stride <= fresh + 8)
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
        #expect(index.row(named: "name-999") == 999)
        #expect(index.row(named: "name-") == nil)
        #expect(index.name(of: 3) == "name-3")
        #expect(RowDigest.of("a", seed: 1) != RowDigest.of("a", seed: 2))
        #expect(RowDigest.of("") != RowDigest.of(" "))
    }
}
