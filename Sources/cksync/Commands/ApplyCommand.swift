import ArgumentParser
import Snapshots
import Sync

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a saved plan exactly as it was reviewed.",
        discussion: """
            FILE is a plan written by `push`, `prune-orphans` or `rollback` with `--dry-run --out FILE`. apply \
            never reads the data files: it computes the plan's changeset again from the two snapshots the plan \
            names, fetches the remote, and applies the plan only if the remote still holds the records the \
            plan starts from. Otherwise (another push, a fetch that found drift, a snapshot missing, another \
            remote in cksync.toml) it applies nothing and says what moved; make a fresh plan then. \
            The review, --yes and the refusal without a terminal are those of push.

            Examples:
              cksync push --dry-run --out plan.json    # review, commit, approve
              cksync show plan.json
              cksync apply plan.json --yes

            Exit codes: 0 ok; 2 not a plan file, locked, or no --yes without a terminal; 3 a failure; \
            4 stopped on a conflict, or the plan is stale (nothing applied).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var review: ReviewArguments
    @OptionGroup var apply: ApplyArguments
    @OptionGroup var lock: LockArguments

    @Argument(help: ArgumentHelp("The plan file.", valueName: "file"))
    var file: String

    func run() async throws {
        let saved = try SavedPlan(contentsOf: global.resolvePath(file))
        if let remote = global.remote, remote != saved.remote {
            throw ValidationError("\(file) is a plan for remote \"\(saved.remote)\", not \"\(remote)\"")
        }
        let session = try SyncSession(
            global: global, command: "apply", lock: lock, remote: saved.remote, checksSchema: true)
        let planned = try await session.syncer.planToApply(saved: saved)
        let title = "Apply \(file) (\(saved.operation.rawValue)) to \(session.remoteName)"
        guard try session.confirm(planned, title: title, review: review, listCommand: "cksync show \(file)") else {
            return
        }
        let result = try await session.apply(planned, options: apply.options)
        try session.report(result, plan: planned, verb: "Applied \(file) to")
    }
}
