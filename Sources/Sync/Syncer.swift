import GitStore
import Records
import Snapshots

/// Push, fetch, prune-orphans and rollback of one workspace against one remote.
///
/// Commands take the workspace lock before calling a syncer; a syncer never prints.
public struct Syncer: Sendable {
    public let workspace: Workspace
    public let remote: Remote

    public init(workspace: Workspace, remote: Remote) {
        self.workspace = workspace
        self.remote = remote
    }

    var committer: RemoteSnapshotCommitter { RemoteSnapshotCommitter(workspace: workspace, remote: remote) }

    func remoteSnapshot() throws -> RemoteSnapshot {
        try RemoteSnapshot(repository: workspace.repository, commit: workspace.repository.reference(Refs.remote(remote.name)))
    }
}

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

/// What applying a plan did.
public struct SyncResult: Sendable {
    public var new = 0
    public var updated = 0
    public var deleted = 0
    /// Left as the server had them (`--on-conflict skip`).
    public var skipped = 0
    /// Failed, or never sent because the apply stopped; they keep their old state.
    public var failures: [String] = []
    public var notSent = 0
    /// `--on-conflict fail` stopped the apply.
    public var stoppedOnConflict = false
    /// Ctrl-C stopped the apply after the requests in flight.
    public var interrupted = false
    /// The new remote snapshot, when anything changed.
    public var remoteSnapshot: ObjectID?

    public var failed: Int { failures.count + notSent }

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
    public init() {}
}
