import GitStore
import Snapshots

/// What applying a plan did.
package struct SyncResult: Sendable {
    package var new = 0
    package var updated = 0
    package var deleted = 0
    /// Left as the server had them (`--on-conflict skip`).
    package var skipped = 0
    /// Failed, or never sent because the apply stopped; they keep their old state.
    package var failures: [String] = []
    package var notSent = 0
    /// `--on-conflict fail` stopped the apply.
    package var stoppedOnConflict = false
    /// Ctrl-C stopped the apply after the requests in flight.
    package var interrupted = false
    /// Asset files uploaded, and their bytes (those of records that then failed included).
    package var assetsUploaded = 0
    package var assetBytesUploaded: Int64 = 0
    /// The new remote snapshot, when anything changed.
    package var remoteSnapshot: ObjectID?

    package var failed: Int { failures.count + notSent }

    /// The trailers that record the result: its counts, the first failures, why it stopped.
    var trailers: [(key: String, value: String)] {
        var items = [
            (Trailers.new, "\(new)"), (Trailers.updated, "\(updated)"), (Trailers.deleted, "\(deleted)"),
            (SyncTrailers.skipped, "\(skipped)"), (SyncTrailers.failed, "\(failed)"),
        ]
        // A trailer is one line: a message that spans several keeps only its first.
        items += failures.prefix(SyncTrailers.failuresKept).map {
            (SyncTrailers.failure, String($0.prefix { $0 != "\n" && $0 != "\r" }))
        }
        if stoppedOnConflict { items.append((SyncTrailers.stopped, "conflict")) }
        if interrupted { items.append((SyncTrailers.stopped, "interrupted")) }
        return items + [(Trailers.version, CksyncVersion.current)]
    }

    /// Nothing applied.
    package init() {}

    /// Counts what became of some operations.
    mutating func count(_ outcomes: some Sequence<(PlannedOperation, OperationOutcome)>) {
        for (operation, outcome) in outcomes {
            for file in operation.assets where file.sent?.receipt != nil {
                assetsUploaded += 1
                assetBytesUploaded += file.size
            }
            switch outcome {
            case .written: if operation.planned == .new { new += 1 } else { updated += 1 }
            case .deleted: deleted += 1
            case .skipped: skipped += 1
            case .failed(let message), .conflict(let message, _): failures.append(message)
            }
        }
    }
}
