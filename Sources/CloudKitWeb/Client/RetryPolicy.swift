/// When `CloudKitClient` sends a request again, and for how long.
///
/// Retried: request-level THROTTLED and TRY_AGAIN_LATER, HTTP 429, 500, 502, 503 and 504, and
/// transport failures (connection refused, reset or closed before the answer, connect and read
/// timeouts). The wait is `retryAfter` (the body's, else a `Retry-After: SECONDS` header) when the
/// server gives one, otherwise exponential backoff with full jitter: a random time between zero and
/// `min(maxDelay, baseDelay × 2^(attempt − 1))`. Both bounds hold: at most `maxAttempts` attempts,
/// and no retry that would start after `maxTotalTime` since the first attempt began.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 never retries.
    public var maxAttempts: Int
    /// No retry starts later than this after the first attempt began.
    public var maxTotalTime: Duration
    /// The backoff of the first retry (before jitter).
    public var baseDelay: Duration
    /// The largest backoff (before jitter); a server's `retryAfter` may exceed it.
    public var maxDelay: Duration

    public init(
        maxAttempts: Int = 8, maxTotalTime: Duration = .seconds(60), baseDelay: Duration = .milliseconds(100),
        maxDelay: Duration = .seconds(5)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxTotalTime = maxTotalTime
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// 8 attempts within 60 s, backoff from 100 ms to 5 s.
    public static let `default` = RetryPolicy()

    /// One attempt, no retry.
    public static let never = RetryPolicy(maxAttempts: 1)

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
