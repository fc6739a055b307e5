import Snapshots
import Sync

/// `cksync show FILE` and `diff --plan FILE`: a saved plan printed like any changeset.
struct SavedPlanView {
    let file: String
    let global: GlobalOptions

    func print(stat: Bool = false, nameStatus: Bool = false) throws {
        let saved = try SavedPlan(contentsOf: file)
        let workspace = try global.openWorkspace()
        let plan = try saved.plan(in: workspace)
        Pager.start(global)
        let output = Output(options: global)
        if global.json {
            return output.json(
                PlanDocument.document(
                    try plan.withRecords(in: workspace), remote: saved.remote, remoteIdentity: saved.remoteIdentity))
        }
        var applied = plan.changeset
        applied.changes = plan.applied
        if !plan.includesDeletions {
            applied.summaryByType = applied.summaryByType.mapValues { counts in
                var keptOrphansLeftOut = counts
                keptOrphansLeftOut.deleted = 0
                return keptOrphansLeftOut
            }
        }
        let text = ChangesetText(applied, style: output.style, showsDeletedFields: global.verbose)
        if stat { return output.lines(text.stat) }
        if nameStatus { return output.lines(text.nameStatus) }
        let from = plan.remoteSnapshot.map { Output.short($0) } ?? "(none)"
        let to = plan.target.map { Output.short($0) } ?? "(none)"
        output.line("plan \(file) (\(saved.operation.rawValue)): remote snapshot \(from) → snapshot \(to)")
        output.line("remote: \(saved.remoteIdentity)")
        output.line()
        output.lines(
            PlanText(
                plan: plan, shown: try plan.review(firstWrites: .max, deletedRecords: global.verbose, in: workspace),
                title: "Would apply to \(saved.remote)", style: output.style, limit: .max,
                listCommand: "cksync show \(file)", showsDeletedFields: global.verbose
            ).lines)
    }
}
