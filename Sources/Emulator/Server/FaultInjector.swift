import Synchronization

/// One injected fault.
package enum Fault: Sendable, Hashable {
    /// 429 THROTTLED with this `retryAfter` (seconds).
    case throttle(retryAfter: Double)
    /// 503 TRY_AGAIN_LATER with this `retryAfter` (seconds).
    case unavailable(retryAfter: Double)
    /// Close the connection without answering and without applying the request.
    case dropBeforeApplying
    /// Apply the request, then close the connection without answering.
    case dropAfterApplying
}

/// Draws a fault (or none) per request from a seeded SplitMix64 generator, under a lock: the same
/// seed gives the same sequence of faults for the same sequence of requests.
package final class FaultInjector: Sendable {
    /// The probabilities the draws follow.
    package let configuration: FaultConfiguration
    private let generator: Mutex<SplitMix64>

    /// - Parameter configuration: the probabilities and the seed (random when `nil`).
    package init(configuration: FaultConfiguration) {
        self.configuration = configuration
        generator = Mutex(SplitMix64(seed: configuration.seed ?? UInt64.random(in: .min ... .max)))
    }

    /// The fault for the next request, or `nil`. Draws exactly three numbers per call whenever a
    /// fault is configured, whatever the outcome, so the sequence depends only on the seed.
    package func next() -> Fault? {
        guard configuration.injectsFaults else { return nil }
        let (kind, half, wait) = generator.withLock { rng in (rng.nextUnit(), rng.nextUnit(), rng.nextUnit()) }
        // 0.1 ... 1.0 s in tenths: small enough for tests, real enough for backoff code.
        let retryAfter = (1 + (wait * 10).rounded(.down)).clamped(to: 1...10) / 10
        var threshold = configuration.throttle
        if kind < threshold { return .throttle(retryAfter: retryAfter) }
        threshold += configuration.unavailable
        if kind < threshold { return .unavailable(retryAfter: retryAfter) }
        threshold += configuration.drop
        if kind < threshold { return half < 0.5 ? .dropBeforeApplying : .dropAfterApplying }
        return nil
    }
}

/// Sebastiano Vigna's SplitMix64: tiny, fast, and fully determined by its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in 0..<1 from the top 53 bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}
