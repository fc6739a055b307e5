import Snapshots
import Sync

/// A plan as a person reviews it before it is applied, as `terraform apply` shows its plan:
/// the counts, per type, then the records with their field changes, every deletion by name.
struct PlanText {
    let plan: SyncPlan
    /// What the review lists (`SyncPlan.review`): the first `limit` new or updated records, and
    /// every deletion.
    let shown: (writes: [RecordChange], deletions: [RecordChange], writeCount: Int)
    /// `Push to local`, `Roll back 5f0c1e2a3b4c on local`.
    let title: String
    let style: TextStyle
    /// New and updated records shown in full (none: only the counts); deletions are always listed.
    let limit: Int?
    /// The command that lists every change, named when some are left out.
    let listCommand: String
    /// Whether deleted records show the fields they had.
    let showsDeletedFields: Bool

    var lines: [String] {
        let counts = plan.appliedByType
        let total = Changeset(changes: [], summaryByType: counts).summary
        var lines = ["\(title): " + Self.counts(total)]
        if counts.count > 1 { lines += counts.keys.sorted().map { "  \($0): " + Self.counts(counts[$0]!) } }
        if plan.keptOrphans > 0 {
            lines.append("  " + Self.keptOrphans(plan.keptOrphans))
        }
        lines += ChangesetText(plan.changeset, style: style).invalidLines()
        guard plan.hasChanges else { return lines }

        let text = ChangesetText(plan.changeset, style: style, showsDeletedFields: showsDeletedFields)
        let writes = shown.writes.prefix(limit ?? 0)
        guard !writes.isEmpty || !shown.deletions.isEmpty else { return lines }
        lines.append("")
        lines += text.details(of: writes)
        lines += text.details(of: shown.deletions)
        if let limit, shown.writeCount > limit {
            let rest = shown.writeCount - limit
            lines.append(
                "… and \(rest) more new or updated record\(rest == 1 ? "" : "s") (over --review-limit \(limit)): "
                    + "`\(listCommand)` lists them all")
        }
        return lines
    }

    /// `1 new, 3 updated, 0 deleted`
    static func counts(_ summary: ChangeSummary) -> String {
        "\(summary.new) new, \(summary.updated) updated, \(summary.deleted) deleted"
    }

    /// `1 orphan on the remote kept (…)`: what a push without `--delete-orphans` leaves alone.
    static func keptOrphans(_ count: Int) -> String {
        "\(count) orphan\(count == 1 ? "" : "s") on the remote kept (push --delete-orphans or prune-orphans "
            + "deletes \(count == 1 ? "it" : "them"))"
    }
}
