import TestSupport
import Testing

@testable import Records

@Suite("RowDigest: both lanes in one pass")
struct RowDigestTests {
    /// The digest is stored in row caches: the one-pass form must give exactly the two hashes.
    @Test func onePassGivesBothLanesHashes() {
        var random = SplitMix64(seed: 11)
        let bytes = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let lengths = Array(0...400) + [4_095, 4_096, 65_537, 70_000]
        bytes.withUnsafeBytes { all in
            for length in lengths {
                let slice = UnsafeRawBufferPointer(rebasing: all[3..<min(all.count, 3 + length)])
                for seed: UInt64 in [0, 1, 0x626C_6F63_6B73, .max] {
                    let digest = RowDigest.of(slice, seed: seed)
                    #expect(digest.low == WyHash.hash(slice, seed: seed), "length \(slice.count)")
                    #expect(
                        digest.high == WyHash.hash(slice, seed: seed ^ 0x9E37_79B9_7F4A_7C15), "length \(slice.count)")
                }
            }
        }
    }
}
