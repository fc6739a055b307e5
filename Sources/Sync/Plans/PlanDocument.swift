import Snapshots

/// A plan as one JSON document: what `--dry-run --json` prints and `--out FILE` saves, and what
/// `cksync apply FILE` reads back (docs/json/plan.schema.json).
package enum PlanDocument {
    /// The plan, for the remote it was made against (its name and `Remote.identity`).
    package static func document(_ plan: SyncPlan, remote: String, remoteIdentity: String) -> JSONValue {
        let applied = Changeset(changes: [], summaryByType: plan.appliedByType).summary
        return JSONDocument.make([
            ("operation", .string(plan.operation.rawValue)),
            ("remote", .string(remote)),
            ("remoteIdentity", .string(remoteIdentity)),
            ("remoteSnapshot", plan.remoteSnapshot.map { .string($0.hex) } ?? .null),
            ("target", plan.target.map { .string($0.hex) } ?? .null),
            ("deletions", .bool(plan.includesDeletions)),
            ("summary", ChangesetJSON.summary(plan.changeset.summary)),
            ("types", ChangesetJSON.types(plan.changeset)),
            ("apply", ChangesetJSON.applyCounts(applied)),
            ("keptOrphans", .int(plan.keptOrphans)),
            ("changes", .array(plan.applied.map(ChangesetJSON.change))),
            ("invalid", ChangesetJSON.invalid(plan.changeset.invalid)),
            ("spared", ChangesetJSON.spared(plan.changeset.spared)),
        ])
    }
}
