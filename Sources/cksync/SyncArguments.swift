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

/// Review before applying: `--yes` skips the question, `--dry-run` stops after the summary.
struct ReviewArguments: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Apply without asking.")
    var yes = false

    @Flag(name: .customLong("dry-run"), help: "Show what would be applied, then stop.")
    var dryRun = false
}

/// `.cksync/lock` handling.
struct LockArguments: ParsableArguments {
    @Flag(name: .customLong("force-unlock"), help: "Clear a stale lock left by a cksync that is no longer running.")
    var forceUnlock = false
}
