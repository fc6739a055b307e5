import Foundation
import Testing

@testable import GitStore

@Suite("SortedIDSearch: ids found in a sorted table by interpolation")
struct SortedIDSearchTests {
    /// Finds every id of `sorted` at its position, and none of `absent`, searching `range`.
    private func expectSearch(_ sorted: [[UInt8]], absent: [[UInt8]], range: Range<Int>? = nil) {
        let table = sorted.flatMap { $0 }
        let range = range ?? 0..<sorted.count
        table.withUnsafeBytes { ids in
            for position in range {
                let found = sorted[position].withUnsafeBytes {
                    SortedIDSearch.position(of: $0.baseAddress!, in: ids.baseAddress!, range: range)
                }
                #expect(found == position)
            }
            for id in absent {
                let found = id.withUnsafeBytes {
                    SortedIDSearch.position(of: $0.baseAddress!, in: ids.baseAddress!, range: range)
                }
                #expect(found == nil, "found \(id) at \(String(describing: found))")
            }
        }
    }

    private func randomIDs(_ count: Int, prefix: [UInt8] = [], using random: inout some RandomNumberGenerator)
        -> [[UInt8]]
    {
        (0..<count).map { _ in prefix + (prefix.count..<20).map { _ in UInt8.random(in: 0...255, using: &random) } }
    }

    private func isLess(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

    @Test func findsUniformIDsAndNoOthers() {
        var random = SystemRandomNumberGenerator()
        let all = randomIDs(40_000, using: &random).sorted(by: isLess)
        let present = stride(from: 0, to: all.count, by: 2).map { all[$0] }
        let absent = stride(from: 1, to: all.count, by: 2).map { all[$0] }
        expectSearch(present, absent: absent + [[UInt8](repeating: 0, count: 20), [UInt8](repeating: 0xFF, count: 20)])
    }

    /// Ids that share their first nine bytes all have one key: the search bisects.
    @Test func findsIDsThatShareTheirKey() {
        var random = SystemRandomNumberGenerator()
        let all = randomIDs(2_000, prefix: [0x42, 1, 2, 3, 4, 5, 6, 7, 8], using: &random).sorted(by: isLess)
        let present = stride(from: 0, to: all.count, by: 2).map { all[$0] }
        let absent = stride(from: 1, to: all.count, by: 2).map { all[$0] }
        expectSearch(present, absent: absent)
    }

    /// Most ids crowded at one end of the range and a few spread out: interpolation guesses badly,
    /// and the search still ends.
    @Test func findsCrowdedIDs() {
        var random = SystemRandomNumberGenerator()
        let crowded = randomIDs(5_000, prefix: [0x10, 0, 0, 0], using: &random)
        let spread = randomIDs(50, prefix: [0x10], using: &random)
        let all = (crowded + spread).sorted(by: isLess)
        let present = stride(from: 0, to: all.count, by: 2).map { all[$0] }
        let absent = stride(from: 1, to: all.count, by: 2).map { all[$0] }
        expectSearch(present, absent: absent)
    }

    /// A range of a larger table, as a fan-out bucket is: ids outside it are not found.
    @Test func searchesOnlyTheRange() {
        var random = SystemRandomNumberGenerator()
        let all = randomIDs(3_000, using: &random).sorted(by: isLess)
        expectSearch(all, absent: Array(all[..<1_000] + all[2_000...]), range: 1_000..<2_000)
    }
}
