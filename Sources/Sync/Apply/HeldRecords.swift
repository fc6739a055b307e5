import Synchronization

/// How many records a sync holds in memory at once, as it takes and lets go of them: the
/// records a push, rollback or prune-orphans has loaded for operations not yet confirmed, and
/// the records of the page a fetch is writing. Its peak is what a streaming sync bounds.
package final class HeldRecords: Sendable {
    private let counts = Mutex((current: 0, peak: 0))

    package init() {}

    /// The most records held at once so far.
    package var peak: Int { counts.withLock { $0.peak } }

    func hold(_ count: Int) {
        counts.withLock { counts in
            counts.current += count
            counts.peak = max(counts.peak, counts.current)
        }
    }

    func release(_ count: Int) {
        counts.withLock { $0.current -= count }
    }
}
