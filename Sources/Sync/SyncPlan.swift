import GitStore
import Snapshots

/// What a changeset would do to a remote, before it is applied.
package struct SyncPlan: Sendable {
    /// The command the plan comes from.
    package var operation: PlanOperation
    /// The snapshot whose records the remote should hold afterwards.
    package var target: ObjectID?
    /// The remote snapshot the changeset starts from.
    package var remoteSnapshot: ObjectID?
    /// From the remote snapshot to the target.
    package var changeset: Changeset
    /// Whether deletions are applied (`--delete-orphans`, prune-orphans, rollback).
    package var includesDeletions: Bool

    /// The changes that will be applied.
    package var applied: [RecordChange] {
        changeset.changes.filter { includesDeletions || $0.kind != .deleted }
    }

    /// How many changes will be applied (`applied.count`, without copying them).
    package var appliedCount: Int {
        includesDeletions ? changeset.changes.count : changeset.changes.count { $0.kind != .deleted }
    }

    /// Orphans left alone because deletions were not asked for.
    package var keptOrphans: Int {
        includesDeletions ? 0 : changeset.summary.deleted
    }

    /// The counts of the changes that will be applied, per record type (only `new`, `updated`
    /// and `deleted` are set).
    package var appliedByType: [String: ChangeSummary] {
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

    /// This plan with the records a review shows read from their blobs (a plan holds names and
    /// blobs only): those of the first `limit` new or updated records (nil: all) and, with
    /// `deletedRecords`, those of the deleted ones.
    package func withRecords(
        firstWrites limit: Int? = nil, deletedRecords: Bool = true, in workspace: Workspace
    ) throws -> SyncPlan {
        var loaded = self
        var writes = 0
        for (index, change) in changeset.changes.enumerated() {
            if change.kind == .deleted {
                guard deletedRecords else { continue }
            } else {
                writes += 1
                guard writes <= limit ?? .max else { continue }
            }
            loaded.changeset.changes[index] = try workspace.changesets.withRecords(change)
        }
        return loaded
    }

    /// Whether applying the plan would change anything on the remote.
    package var hasChanges: Bool { appliedCount > 0 }

    /// The trailers that name what the sync did, beside its counts: the local snapshot a push
    /// applied, the snapshot a rollback returned to.
    package var trailers: [(key: String, value: String)] {
        switch (operation, target) {
        case (.push, let target?): [(SyncTrailers.localSnapshot, target.hex)]
        case (.rollback, let target?): [(SyncTrailers.rollbackTo, target.hex)]
        default: []
        }
    }
}
