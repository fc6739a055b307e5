import GitStore
import Snapshots

/// What a changeset would do to a remote, before it is applied.
public struct SyncPlan: Sendable {
    /// The command the plan comes from.
    public var operation: PlanOperation
    /// The snapshot whose records the remote should hold afterwards.
    public var target: ObjectID?
    /// The remote snapshot the changeset starts from.
    public var remoteSnapshot: ObjectID?
    /// From the remote snapshot to the target.
    public var changeset: Changeset
    /// Whether deletions are applied (`--delete-orphans`, prune-orphans, rollback).
    public var includesDeletions: Bool

    /// The changes that will be applied.
    public var applied: [RecordChange] {
        changeset.changes.filter { includesDeletions || $0.kind != .deleted }
    }

    /// Orphans left alone because deletions were not asked for.
    public var keptOrphans: Int {
        includesDeletions ? 0 : changeset.summary.deleted
    }

    /// The counts of the changes that will be applied, per record type (only `new`, `updated`
    /// and `deleted` are set).
    public var appliedByType: [String: ChangeSummary] {
        var counts: [String: ChangeSummary] = [:]
        for change in applied {
            switch change.kind {
            case .new: counts[change.type, default: ChangeSummary()].new += 1
            case .updated: counts[change.type, default: ChangeSummary()].updated += 1
            case .deleted: counts[change.type, default: ChangeSummary()].deleted += 1
            }
        }
        return counts
    }

    /// Whether applying the plan would change anything on the remote.
    public var hasChanges: Bool { !applied.isEmpty }

    /// The trailers that name what the sync did, beside its counts: the local snapshot a push
    /// applied, the snapshot a rollback returned to.
    public var trailers: [(key: String, value: String)] {
        switch (operation, target) {
        case (.push, let target?): [(SyncTrailers.localSnapshot, target.hex)]
        case (.rollback, let target?): [(SyncTrailers.rollbackTo, target.hex)]
        default: []
        }
    }
}
