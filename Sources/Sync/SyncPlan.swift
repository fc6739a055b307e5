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
        for change in changeset.changes where includesDeletions || change.kind != .deleted {
            switch change.kind {
            case .new: counts[change.type, default: ChangeSummary()].new += 1
            case .updated: counts[change.type, default: ChangeSummary()].updated += 1
            case .deleted: counts[change.type, default: ChangeSummary()].deleted += 1
            }
        }
        return counts
    }

    /// This plan with every record read from its blob (a plan holds names and blobs only), for a
    /// listing of all its changes.
    package func withRecords(in workspace: Workspace) throws -> SyncPlan {
        var loaded = self
        loaded.changeset.changes = try changeset.changes.map(workspace.changesets.withRecords)
        return loaded
    }

    /// What a review of the plan lists, with their records read from their blobs: the first
    /// `limit` new or updated records, every deletion (with its record when `deletedRecords`), and
    /// how many new or updated records there are in all. The plan's changes are not copied.
    package func review(
        firstWrites limit: Int, deletedRecords: Bool, in workspace: Workspace
    ) throws -> (writes: [RecordChange], deletions: [RecordChange], writeCount: Int) {
        var review: (writes: [RecordChange], deletions: [RecordChange], writeCount: Int) = ([], [], 0)
        for change in changeset.changes {
            if change.kind == .deleted {
                guard includesDeletions else { continue }
                review.deletions.append(deletedRecords ? try workspace.changesets.withRecords(change) : change)
            } else {
                review.writeCount += 1
                if review.writes.count < limit { review.writes.append(try workspace.changesets.withRecords(change)) }
            }
        }
        return review
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
