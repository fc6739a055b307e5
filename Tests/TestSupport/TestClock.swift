import Foundation
import Synchronization

/// A clock for tests: a sleep ends at once, moving the clock's time to its deadline, and is
/// recorded. Code that waits (retry back-off, injected latency) is tested without waiting, and the
/// waits it asked for are checked as values, not measured against the wall clock.
///
/// It also tells the date, `start` plus the time the clock has moved, for code that stamps dates
/// (the emulator's timestamps, the lock file): a test moves it with `advance(by:)`.
public final class TestClock: Clock, Sendable {
    public struct Instant: InstantProtocol {
        /// Time since the clock was made.
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }

        public func duration(to other: Instant) -> Duration { other.offset - offset }

        public static func < (left: Instant, right: Instant) -> Bool { left.offset < right.offset }
    }

    private let state = Mutex<(now: Instant, sleeps: [Duration])>((Instant(offset: .zero), []))
    /// The date at the clock's start.
    public let start: Date

    /// - Parameter start: the date at the clock's start; 2026-01-01T00:00:00Z by default, so dates
    ///   derived from it are the same on every run.
    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        self.start = start
    }

    public var now: Instant { state.withLock { $0.now } }

    public var minimumResolution: Duration { .zero }

    /// Records the wait and moves the clock to `deadline` (a deadline already past moves nothing),
    /// then yields, so other tasks run as they would during a real wait.
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(max(.zero, state.now.duration(to: deadline)))
            state.now = max(state.now, deadline)
        }
        await Task.yield()
    }

    /// Every wait asked for, in the order asked.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Moves the clock forward without a sleep, as time passing between two calls.
    public func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now.advanced(by: duration) }
    }

    /// The date now: `start` plus the time the clock has moved.
    public var date: Date {
        let (seconds, attoseconds) = now.offset.components
        return start.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// `date` as a function, for the APIs that take their wall clock as one.
    public var dates: @Sendable () -> Date { { [self] in date } }
}
