/// How far a repack has come, as libgit2's packbuilder reports it.
public struct RepackProgress: Sendable, Hashable {
    /// What the packbuilder is doing.
    public enum Stage: Sendable, Hashable {
        /// Walking the history for the objects to pack.
        case countingObjects
        /// Finding which objects to store as deltas of others.
        case findingDeltas
        /// Writing and indexing the pack.
        case writingPack
    }

    /// What it is doing now.
    public var stage: Stage
    /// Objects done in this stage.
    public var done: Int
    /// Objects in this stage.
    public var total: Int
}

/// Holds a repack's progress handler for libgit2's C callbacks, which get it back through their payload.
final class RepackProgressBox {
    let report: @Sendable (RepackProgress) -> Void

    init(_ report: @escaping @Sendable (RepackProgress) -> Void) { self.report = report }
}
