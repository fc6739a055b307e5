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
        #expect((0..<count).allSatisfy { index.row(named: "R\($0)") == $0 })
        #expect(index.name(of: 123) == "R123")
        // The same slot and the same kept bits, another digest: found only by reading the digests.
        let near = digests.prefix(100).map { RowDigest(low: $0.low, high: $0.high ^ (1 << 40)) }
        #expect(near.allSatisfy { index.row(of: $0) == nil })
        #expect((0..<1000).allSatisfy { _ in index.row(of: RowDigest(low: next(), high: next())) == nil })
        #expect(index.row(named: "R\(count)") == nil)
        #expect(RowIndex.empty.row(of: digests[0]) == nil)
    }
}
