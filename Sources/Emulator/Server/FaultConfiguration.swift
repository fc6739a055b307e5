/// Faults `cksync serve` injects into requests, each with a probability in 0...1, drawn from a
/// seeded generator so that a seed replays the same sequence of faults for the same sequence of
/// requests.
package struct FaultConfiguration: Sendable, Hashable {
    /// Answer 429 THROTTLED with a `retryAfter` of 0.1–1 s, before applying anything.
    package var throttle: Double
    /// Answer 503 TRY_AGAIN_LATER with a `retryAfter` of 0.1–1 s, before applying anything.
    package var unavailable: Double
    /// Close the connection without an answer: half of the time before applying the request, half
    /// of the time after (the store changed, the client never hears it).
    package var drop: Double
    /// Milliseconds to wait before answering every request.
    package var latencyMilliseconds: Int
    /// The generator's seed; `nil` seeds it at random.
    package var seed: UInt64?

    /// - Parameters: see the properties; every fault is off by default.
    package init(
        throttle: Double = 0, unavailable: Double = 0, drop: Double = 0, latencyMilliseconds: Int = 0,
        seed: UInt64? = nil
    ) {
        self.throttle = throttle
        self.unavailable = unavailable
        self.drop = drop
        self.latencyMilliseconds = latencyMilliseconds
        self.seed = seed
    }

    /// Whether any fault can happen.
    package var injectsFaults: Bool { throttle > 0 || unavailable > 0 || drop > 0 }

    /// Why the configuration is unusable (a probability outside 0...1, probabilities summing over 1,
    /// a negative latency), or `nil`.
    package var problem: String? {
        for (name, value) in [("throttle", throttle), ("unavailable", unavailable), ("drop", drop)]
        where !(0...1).contains(value) {
            return "fault probability --fault-\(name) must be between 0 and 1, got \(value)"
        }
        if throttle + unavailable + drop > 1 {
            return "fault probabilities add up to \(throttle + unavailable + drop), more than 1"
        }
        if latencyMilliseconds < 0 { return "latency must not be negative, got \(latencyMilliseconds)" }
        return nil
    }
}
