/// When `CloudKitClient` sends a request again, and for how long.
///
/// Retried: request-level THROTTLED and TRY_AGAIN_LATER, HTTP 429, 500, 502, 503 and 504, and
/// transport failures (connection refused, reset or closed before the answer, connect and read
/// timeouts). The wait is `retryAfter` (the body's, else a `Retry-After: SECONDS` header) when the
/// server gives one, otherwise exponential backoff with full jitter: a random time between zero and
/// `min(maxDelay, baseDelay × 2^(attempt − 1))`. Both bounds hold: at most `maxAttempts` attempts,
/// and no retry that would start after `maxTotalTime` since the first attempt began.
///
/// A server that cannot be reached at all (connection refused, host name not found) is not worth
/// a minute of patience: it gets `unreachableAttempts` attempts, 250 ms apart, doubling up to 1 s
/// (4 attempts within about 2 s by default). Throttling, 503s and other transport failures
/// (resets, timeouts) keep the full policy.
package struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 never retries.
    package var maxAttempts: Int
    /// No retry starts later than this after the first attempt began.
    package var maxTotalTime: Duration
    /// The backoff of the first retry (before jitter).
    package var baseDelay: Duration
    /// The largest backoff (before jitter); a server's `retryAfter` may exceed it.
    package var maxDelay: Duration
    /// Attempts in all (at most `maxAttempts`) when the server cannot be reached at all.
    package var unreachableAttempts: Int

    package init(
        maxAttempts: Int = 8, maxTotalTime: Duration = .seconds(60), baseDelay: Duration = .milliseconds(100),
        maxDelay: Duration = .seconds(5), unreachableAttempts: Int = 4
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxTotalTime = maxTotalTime
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.unreachableAttempts = max(1, unreachableAttempts)
    }

    /// The attempts allowed for a failure: fewer when the server cannot be reached at all.
    func attempts(unreachable: Bool) -> Int {
        unreachable ? min(maxAttempts, unreachableAttempts) : maxAttempts
    }

    /// The wait before attempt `failedAttempts + 1` at a server that cannot be reached:
    /// 250 ms, 500 ms, then 1 s.
    func unreachableDelay(afterFailedAttempts failedAttempts: Int) -> Duration {
        .milliseconds(250 << min(max(failedAttempts - 1, 0), 2))
    }

    /// 8 attempts within 60 s, backoff from 100 ms to 5 s.
    package static let `default` = RetryPolicy()

    /// One attempt, no retry.
    package static let never = RetryPolicy(maxAttempts: 1)

    /// The wait before attempt `failedAttempts + 1`: the server's `retryAfter` (plus up to
    /// `baseDelay` of jitter, so parallel requests do not return together), or full-jitter backoff.
    func delay(afterFailedAttempts failedAttempts: Int, retryAfter: Double?) -> Duration {
        if let retryAfter, retryAfter > 0 {
            return .milliseconds(Int64((retryAfter * 1000).rounded(.up))) + jitter(upTo: baseDelay)
        }
        let exponent = min(max(failedAttempts - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return jitter(upTo: ceiling)
    }

    private func jitter(upTo ceiling: Duration) -> Duration {
        let nanoseconds = Self.nanoseconds(ceiling)
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanoseconds))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
