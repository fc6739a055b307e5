import ArgumentParser
import Sync

extension ConflictPolicy: ExpressibleByArgument {}

/// How a changeset is applied: batch size, requests in flight, conflict policy.
struct ApplyArguments: ParsableArguments {
    @Option(name: .customLong("batch-size"), help: "Operations per records/modify request (1 to 200).")
    var batchSize = 200

    @Option(help: "Requests in flight at once.")
    var concurrency = 4

    @Option(
        name: .customLong("on-conflict"),
        help: "When a record changed on the server since cksync last saw it: overwrite, skip, or fail (exit 4).")
    var onConflict: ConflictPolicy = .overwrite

    func validate() throws {
        guard (1...200).contains(batchSize) else { throw ValidationError("--batch-size must be from 1 to 200") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    var options: ApplyOptions {
        ApplyOptions(batchSize: batchSize, concurrency: concurrency, onConflict: onConflict)
    }
}

/// Review before applying: `--yes` skips the question, `--review-limit` bounds the records shown.
struct ReviewArguments: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Apply without asking.")
    var yes = false

    @Option(
        name: .customLong("review-limit"),
        help: "New and updated records shown before applying; the rest is summarised. Deletions are always listed.")
    var reviewLimit = 100

    func validate() throws {
        guard reviewLimit >= 0 else { throw ValidationError("--review-limit must be 0 or more") }
    }
}

/// A plan instead of an apply: `--dry-run`, saved with `--out`, `--exit-code` for scripts.
struct PlanArguments: ParsableArguments {
    @Flag(name: .customLong("dry-run"), help: "Show what would be applied, then stop.")
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "With --dry-run: save the plan to <file>, for `cksync apply <file>` to apply exactly it.", valueName: "file"))
    var out: String?

    @Flag(name: .customLong("exit-code"), help: "With --dry-run: exit with 1 when there is something to apply, 0 when not.")
    var exitCode = false

    func validate() throws {
        guard dryRun || (out == nil && !exitCode) else {
            throw ValidationError("\(out != nil ? "--out" : "--exit-code") needs --dry-run")
        }
    }
}

/// `.cksync/lock` handling.
struct LockArguments: ParsableArguments {
    @Flag(name: .customLong("force-unlock"), help: "Remove an unusable .cksync/lock (never one a running cksync holds).")
    var forceUnlock = false
}
