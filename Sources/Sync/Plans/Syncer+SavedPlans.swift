import GitStore
import Snapshots

extension SavedPlan {
    /// The plan as it was made, computed again from the two snapshots the file names: what
    /// `cksync show FILE` prints. Neither the data files nor the remote are read.
    /// - Throws: `PlanError.stale` when a snapshot it names is missing or its changes no longer
    ///   come out as listed.
    package func plan(in workspace: Workspace) throws -> SyncPlan {
        let saved = self
        for (id, role) in [(saved.remoteSnapshot, "remote snapshot"), (saved.target, "target snapshot")] {
            guard let id, !workspace.repository.contains(id) else { continue }
            throw PlanError.stale(
                path: saved.path,
                reason: "its \(role) \(id.hex) is not in \(workspace.repository.path): the plan was made in another "
                    + "workspace, or that snapshot is gone; make a fresh plan here")
        }
        var plan = try workspace.plan(
            saved.operation, from: RemoteSnapshot(repository: workspace.repository, commit: saved.remoteSnapshot),
            target: saved.target, includesDeletions: saved.includesDeletions)
        plan.changeset = plan.changeset.sparing(saved.spared)
        let now = plan.applied.map { SavedPlan.Change(kind: $0.kind, type: $0.type, name: $0.name) }
        guard now == saved.changes else {
            let missing = Set(saved.changes).subtracting(now).count
            let extra = Set(now).subtracting(saved.changes).count
            throw PlanError.stale(
                path: saved.path,
                reason: "its snapshots now give another changeset (\(missing) planned changes gone, \(extra) new): "
                    + "the compare rules in the configuration changed, or the file was edited; make a fresh plan")
        }
        return plan
    }
}

extension Syncer {
    /// The plan a file saved, checked against the remote as it is now, to be applied exactly:
    /// the remote must be the one the plan names, and fetching it must find the records the plan
    /// starts from. The data files are never read.
    /// - Throws: `PlanError.stale` saying what moved, before anything is applied.
    package func planToApply(saved: SavedPlan) async throws -> SyncPlan {
        guard saved.remote == remote.name, saved.remoteIdentity == remote.identity else {
            throw PlanError.stale(
                path: saved.path,
                reason: "it was made for remote \(saved.remoteIdentity), and this is \(remote.identity)")
        }
        var plan = try saved.plan(in: workspace)
        let planned = try RemoteSnapshot(repository: workspace.repository, commit: saved.remoteSnapshot)
        try requireUnmoved(from: planned, saved: saved, when: "since the plan was made")
        _ = try await fetch()
        let current = try requireUnmoved(from: planned, saved: saved, when: "on the server")
        // Same records; the fetched snapshot carries the change tags the server has now.
        plan.remoteSnapshot = current.commit
        return plan
    }

    /// The current remote snapshot, when it holds the records the plan starts from.
    @discardableResult
    private func requireUnmoved(from planned: RemoteSnapshot, saved: SavedPlan, when: String) throws -> RemoteSnapshot {
        let current = try remoteSnapshot()
        guard current.records != planned.records else { return current }
        let drift = try workspace.changesets.changeset(from: planned.records, to: current.records, detail: .names)
        let names = drift.changes.prefix(5).map { "\($0.kind.rawValue) \($0.type)/\($0.name)" }
        let more = drift.changes.count > names.count ? ", …" : ""
        throw PlanError.stale(
            path: saved.path,
            reason: "the remote \(remote.name) moved \(when): the plan starts from remote snapshot "
                + "\(saved.remoteSnapshot.map { String($0.hex.prefix(12)) } ?? "(none)"), and \(Refs.remote(remote.name)) "
                + "is now \(current.commit.map { String($0.hex.prefix(12)) } ?? "(none)") ("
                + ChangesetText.summaryLine(drift.summary) + ": " + names.joined(separator: ", ") + more + "). "
                + "Make a fresh plan: " + saved.operation.freshPlanCommand)
    }
}

extension PlanOperation {
    /// The command that makes a new plan of this kind.
    var freshPlanCommand: String {
        switch self {
        case .push: "cksync push --dry-run --out FILE"
        case .pruneOrphans: "cksync prune-orphans --dry-run --out FILE"
        case .rollback: "cksync rollback REV --dry-run --out FILE"
        }
    }
}
