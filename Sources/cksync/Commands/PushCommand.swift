import ArgumentParser
import Snapshots
import Sync

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Snapshot the data and apply the changeset to the remote.",
        discussion: """
            Takes the lock, commits a local snapshot, fetches when there is no remote snapshot yet (or with \
            --refresh), shows the changeset and, after review, applies it: new records with forceReplace, \
            updated ones with a conflict-checked replace, orphans deleted only with --delete-orphans. The new \
            remote snapshot holds exactly what the server confirmed.

            The review lists the records with their field changes (up to --review-limit) and every deletion \
            by name; with --yes only the counts and the deletions. --dry-run stops after it; with --out FILE it \
            saves the plan, which `cksync apply FILE` applies exactly, without reading the data again.

            Examples:
              cksync push                       # review, then answer y
              cksync push --dry-run --exit-code   # in CI: 1 when there is work
              cksync push --dry-run --out plan.json  # then: cksync apply plan.json
              cksync push --delete-orphans --yes --on-conflict fail

            A cloudkit remote in the production environment that names a schema file (schema = "schema.ckdb", \
            exported by `cktool export-schema`) is checked first, as `cksync schema --check` does: when the \
            schema lacks a record type, field, type or index the data needs, nothing is pushed (exit 1).

            Exit codes: 0 ok; 1 a production remote's schema does not cover the configuration; 2 bad input, locked, or no --yes without a terminal; 3 a failure (failed \
            records keep their old state, and the next push retries them); 4 stopped on a conflict.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var plan: PlanArguments
    @OptionGroup var review: ReviewArguments
    @OptionGroup var apply: ApplyArguments
    @OptionGroup var lock: LockArguments
    @OptionGroup var invalidRecords: InvalidRecordsArguments

    @Flag(name: .customLong("delete-orphans"), help: "Also delete remote records no longer in the data.")
    var deleteOrphans = false

    @Flag(help: "Fetch the remote first, even when a remote snapshot exists.")
    var refresh = false

    func run() async throws {
        let session = try SyncSession(
            global: global, command: "push", lock: lock, invalidRecords: invalidRecords, checksSchema: true)
        let planned = try await session.syncer.planPush(refresh: refresh, deleteOrphans: deleteOrphans)
        let title = "Push to \(session.remoteName)"
        if plan.dryRun { return try session.showPlan(planned, title: title, arguments: plan, review: review) }
        guard try session.confirm(planned, title: title, review: review) else { return }
        let result = try await session.apply(planned, options: apply.options)
        try session.report(result, plan: planned, verb: "Pushed to")
    }
}
