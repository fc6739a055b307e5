/// SplitMix64: a tiny, fast, seedable generator whose output never changes between
/// Swift versions (unlike `Int.random(in:using:)`, whose algorithm is not a contract).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator seeded with `seed`; the same seed always gives the same sequence.
    public init(seed: UInt64) { state = seed }

    /// A generator for an independent stream derived from `seed` and `stream`.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<n` (n > 0), by multiply-high (no modulo bias worth mentioning).
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(0)")
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A value in `range` (inclusive).
    public mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) * 0x1.0p-53 < p
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
}
