import Testing

@testable import Records

/// `RowIndex`: every row found by its digest and by its name, nothing else found, even a digest
/// that differs from a row's only in the bits its slot does not keep.
@Suite struct RowIndexTests {
    @Test func findsEveryRowAndNothingElse() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 31)
        }
        let count = 20_000
        let digests = (0..<count).map { _ in RowDigest(low: next(), high: next()) }
        var nameBytes: [UInt8] = []
        var nameEnds: [Int] = []
        for row in 0..<count {
            nameBytes += Array("R\(row)".utf8)
            nameEnds.append(nameBytes.count)
        }
        let index = RowIndex(digests: digests, nameBytes: nameBytes, nameEnds: nameEnds)
        #expect((0..<count).allSatisfy { index.row(of: digests[$0]) == $0 })
        #expect(index.rows(named: (0..<count).map { "R\($0)" }) == (0..<count).map { $0 })
        #expect(index.name(of: 123) == "R123")
        // The same slot and the same kept bits, another digest: found only by reading the digests.
        let near = digests.prefix(100).map { RowDigest(low: $0.low, high: $0.high ^ (1 << 40)) }
        #expect(near.allSatisfy { index.row(of: $0) == nil })
        #expect((0..<1000).allSatisfy { _ in index.row(of: RowDigest(low: next(), high: next())) == nil })
        #expect(index.rows(named: ["R\(count)", "R1", "R", "R1"]) == [nil, 1, nil, 1])
        #expect(RowIndex.empty.row(of: digests[0]) == nil)
    }

    /// A row out of order is found at once when it starts a block; otherwise only once more than
    /// one row in 128 has missed, when the table of every digest is worth building.
    @Test func rowsOutOfOrderAreLookedUpOnlyWhenMany() {
        let count = 1_280
        let digests = (0..<count).map { RowDigest.of("row \($0)") }
        let names = (0..<count).map { "R\($0)" }
        let blocks = stride(from: 0, to: count, by: 32).map {
            RowBlock(firstRow: $0, rowCount: 32, length: 1, lines: 1, digest: RowDigest.of("block \($0)"))
        }
        let index = RowIndex(
            digests: digests, nameBytes: names.flatMap { Array($0.utf8) },
            nameEnds: names.indices.map { i in names[...i].reduce(0) { $0 + $1.utf8.count } }, blocks: blocks)
        #expect(index.row(outOfOrder: digests[64]) == 64)
        #expect(index.row(outOfOrder: digests[65]) == nil)
        for _ in 0..<count / 128 - 1 { #expect(index.row(outOfOrder: digests[65]) == nil) }
        #expect(index.row(outOfOrder: digests[65]) == 65)
        #expect(index.row(outOfOrder: RowDigest.of("row \(count)")) == nil)
    }

    /// The bytes of a run of rows as the row cache lays them out, and a layout whose name ends go
    /// backwards or past its end refused.
    @Test func layoutsAreReadInPlaceAndCheckedOnce() {
        let index = RowIndex(
            digests: [RowDigest(low: 1, high: 2), RowDigest(low: 3, high: 4), RowDigest(low: 5, high: 6)],
            nameBytes: Array("abcdef".utf8), nameEnds: [1, 3, 6])
        index.withLayout(of: 1..<3) { digests, ends, firstStart, names in
            #expect(
                Array(digests) == [3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 5] + [UInt8](repeating: 0, count: 7)
                    + [6] + [UInt8](repeating: 0, count: 7))
            #expect(Array(ends) == [3, 0, 0, 0, 6, 0, 0, 0])
            #expect(firstStart == 1)
            #expect(String(decoding: names, as: UTF8.self) == "bcdef")
        }
        #expect(index.namesLength == 6)
        let digests = [UInt8](repeating: 7, count: 32)
        func layout(_ ends: [UInt32], names: String) -> RowIndex? {
            let bytes = digests + ends.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) } + Array(names.utf8)
            return RowIndex(layout: SourceBytes(bytes), count: 2, digests: 0, nameEnds: 32, names: 40, blocks: RowBlocks([]))
        }
        #expect(layout([2, 3], names: "abc")?.name(of: 1) == "c")
        #expect(layout([2, 1], names: "abc") == nil)
        #expect(layout([2, 4], names: "abc") == nil)
        #expect(
            RowIndex(layout: SourceBytes(digests), count: 2, digests: 0, nameEnds: 32, names: 40, blocks: RowBlocks([])) == nil)
    }
}
