import TestSupport
import Testing

@testable import Records

/// The known rows a read used, kept as ranges (`UsedRows`): what is used, what is not, and
/// whether a row was used twice, whatever the order of the runs.
@Suite("Known rows used by a read")
struct UsedRowsTests {
    /// Every row of `0..<count`, flagged as the runs use it: what `UsedRows` must agree with.
    private static func flags(_ runs: [Range<Int>], count: Int) -> (used: [Bool], repeats: Bool) {
        var used = [Bool](repeating: false, count: count)
        var repeats = false
        for run in runs {
            for row in run {
                if used[row] { repeats = true }
                used[row] = true
            }
        }
        return (used, repeats)
    }

    @Test(
        "agrees with a flag per row",
        arguments: [
            [],
            [0..<10],
            [0..<3, 3..<7, 9..<10],
            [5..<8, 0..<2, 8..<9],
            [0..<4, 2..<5],
            [3..<6, 0..<4],
            [4..<5, 4..<5],
            [1..<1, 2..<2, 6..<9],
            [0..<2, 7..<10, 2..<3, 3..<4],
        ] as [[Range<Int>]])
    func agreesWithFlags(_ runs: [Range<Int>]) {
        let count = 10
        let expected = Self.flags(runs, count: count)
        let used = UsedRows(runs)
        #expect(used.hasRepeats == expected.repeats)
        #expect((0..<count).map(used.contains) == expected.used)
        #expect(used.unused(of: count) == (0..<count).filter { !expected.used[$0] })
    }

    @Test("many runs in a shuffled order, against a flag per row", arguments: 1...50 as ClosedRange<UInt64>)
    func shuffledRuns(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var runs: [Range<Int>] = []
        var start = 0
        while start < 1000 {
            let length = Int.random(in: 0..<20, using: &generator)
            let gap = Int.random(in: 0..<5, using: &generator)
            runs.append(start..<min(start + length, 1000))
            start += length + gap
        }
        // Half the time, one row used twice.
        if Bool.random(using: &generator), let run = runs.randomElement(using: &generator), !run.isEmpty {
            runs.append(run.lowerBound..<run.lowerBound + 1)
        }
        runs.shuffle(using: &generator)
        let expected = Self.flags(runs, count: 1000)
        let used = UsedRows(runs)
        #expect(used.hasRepeats == expected.repeats)
        #expect((0..<1000).map(used.contains) == expected.used)
        #expect(used.unused(of: 1000) == (0..<1000).filter { !expected.used[$0] })
    }
}
