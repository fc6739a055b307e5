import ArgumentParser
import Sync

struct PruneOrphansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune-orphans",
        abstract: "Delete the remote records that are no longer in the data, and nothing else.",
        discussion: """
            Snapshots the data, fetches when there is no remote snapshot yet, and deletes each orphan with \
            its change tag (conflict-checked) after review.

            Examples:
              cksync prune-orphans --dry-run
              cksync prune-orphans --max-deletes 50 --yes
              cksync prune-orphans --dry-run --out prune.json

            Exit codes: 0 ok; 2 bad input, locked, more than --max-deletes, or no --yes without a terminal; \
            3 a failure; 4 stopped on a conflict.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var plan: PlanArguments
    @OptionGroup var review: ReviewArguments
    @OptionGroup var apply: ApplyArguments
    @OptionGroup var lock: LockArguments
    @OptionGroup var invalidRecords: InvalidRecordsArguments

    @Option(name: .customLong("max-deletes"), help: "Refuse to delete more than this many records.")
    var maxDeletes: Int?

    func run() async throws {
        let session = try SyncSession(
            global: global, command: "prune-orphans", lock: lock, invalidRecords: invalidRecords)
        let planned = try await session.syncer.planPrune()
        if let maxDeletes, planned.appliedCount > maxDeletes {
            throw SyncError.tooManyDeletes(count: planned.appliedCount, limit: maxDeletes)
        }
        let title = "Prune orphans on \(session.remoteName)"
        if plan.dryRun { return try session.showPlan(planned, title: title, arguments: plan, review: review) }
        guard try session.confirm(planned, title: title, review: review) else { return }
        let result = try await session.apply(planned, options: apply.options)
        try session.report(result, plan: planned, verb: "Pruned orphans on")
    }
}
