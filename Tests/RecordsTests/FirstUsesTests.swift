import Testing

@testable import Records

/// `FirstUses.firstRepeat`: the same repeat a row-by-row dictionary finds (the name whose second use
/// comes first, with its first use), whichever of the hash groups the names fall in.
@Suite struct FirstUsesTests {
    @Test func groupedSearchFindsTheRepeatARowByRowSearchFinds() {
        var state: UInt64 = 0xF1257
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<60 {
            // Enough rows in some rounds for the search to run on all cores.
            let count = round % 10 == 0 ? 150_000 : 1 + next(3_000)
            var names = (0..<count).map { "R\($0)" }
            for _ in 0..<next(4) { names[next(count)] = names[next(count)] }
            let rows = (0..<count).filter { _ in next(8) != 0 }
            let frozen = names
            var firstUse: [String: Int] = [:]
            var expected: (first: Int, second: Int)?
            for row in rows {
                if let first = firstUse[names[row]] {
                    expected = (first, row)
                    break
                }
                firstUse[names[row]] = row
            }
            let found = FirstUses.firstRepeat(among: rows, name: { frozen[$0] })
            #expect(found?.first == expected?.first && found?.second == expected?.second, "round \(round)")
        }
        #expect(FirstUses.firstRepeat(among: [], name: { _ in "" }) == nil)
        #expect(FirstUses.firstRepeat(among: [3, 5], name: { _ in "same" })! == (3, 5))
    }
}
