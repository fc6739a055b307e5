import ArgumentParser
import Sync

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Make the remote hold exactly the records of an earlier snapshot.",
        discussion: """
            Shows the changeset from the remote snapshot to snapshot REV, deletions included, and applies it \
            after review; the commit names the snapshot rolled back to. The data files are not touched: \
            `cksync status` afterwards shows how they differ.

            Examples:
              cksync log                        # find the sync to return to
              cksync rollback local/main~1 --dry-run
              cksync rollback 5f0c1e2a --yes

            Exit codes: 0 ok; 2 unknown revision, locked, or no --yes without a terminal; 3 a failure; \
            4 stopped on a conflict.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var plan: PlanArguments
    @OptionGroup var review: ReviewArguments
    @OptionGroup var apply: ApplyArguments
    @OptionGroup var lock: LockArguments

    @Argument(help: ArgumentHelp("The snapshot to roll back to (id, prefix, ref, main~N).", valueName: "rev"))
    var revision: String

    func run() async throws {
        let session = try SyncSession(global: global, command: "rollback", lock: lock, checksSchema: true)
        let target = try session.workspace.resolveSnapshot(revision)
        let planned = try await session.syncer.planRollback(to: target)
        let title = "Roll back \(Output.short(target)) on \(session.remoteName)"
        if plan.dryRun { return try session.showPlan(planned, title: title, arguments: plan, review: review) }
        guard try session.confirm(planned, title: title, review: review) else { return }
        let result = try await session.apply(planned, options: apply.options)
        try session.report(result, plan: planned, verb: "Rolled back")
    }
}
