import CloudKitWeb
import Foundation
import Logging
import Records
import Snapshots
import Sync

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What every writing command does around the sync itself: open the workspace and the remote,
/// take the lock, ask before applying, show progress, and turn a result into an exit code.
struct SyncSession {
    let global: GlobalOptions
    let workspace: Workspace
    let syncer: Syncer
    let lock: WorkspaceLock
    let output: Output
    /// The repository's packs when the lock was taken: those the sync writes are the others.
    let packsAtStart: Set<String>

    /// - Parameters:
    ///   - remote: the remote to open, when not `--remote` or the default (a saved plan's).
    ///   - checksSchema: whether the command writes records, so that a production remote's schema
    ///     file must cover the configuration first (`ProductionSchemaMismatch`).
    ///   - invalidRecords: `--max-invalid`, for a command that reads the data files.
    init(
        global: GlobalOptions, command: String, lock arguments: LockArguments,
        invalidRecords: InvalidRecordsArguments? = nil, remote requested: String? = nil, checksSchema: Bool = false
    ) throws {
        self.global = global
        let opened = try global.openWorkspace()
        workspace = invalidRecords?.applied(to: opened) ?? opened
        if checksSchema { try ProductionSchemaMismatch.check(remote: requested ?? global.remote, in: workspace) }
        var logger = Logger(label: "cksync")
        logger.logLevel = global.verbose ? .debug : .warning
        // On a terminal, each wait for another attempt is said on stderr as it starts (as progress is).
        var onRetry: (@Sendable (RetryNotice) -> Void)?
        if isatty(STDERR_FILENO) != 0, !global.quiet, !global.json {
            onRetry = { notice in FileHandle.standardError.write(Data("\r\(notice)\u{1B}[K\n".utf8)) }
        }
        let remote = try Remote.open(
            workspace.configuration.remote(named: requested ?? global.remote), workspace: workspace, logger: logger,
            onRetry: onRetry)
        lock = try WorkspaceLock(
            path: workspace.stateDirectory + "/lock", command: command, forceUnlock: arguments.forceUnlock)
        packsAtStart = try workspace.repository.packNames()
        syncer = Syncer(workspace: workspace, remote: remote)
        output = Output(options: global)
        try IdentityHint.check(workspace, output: output)
        // A push journal left by a killed apply goes into the remote snapshot before anything else.
        try syncer.recoverJournal()
    }

    var remoteName: String { syncer.remote.name }

    /// The review of a plan, as printed before applying it. With `--yes` (nobody to review it
    /// now) the new and updated records are left to `-v`; deletions are always named.
    func reviewText(_ plan: SyncPlan, title: String, review: ReviewArguments, listCommand: String) throws -> [String] {
        let limit = review.yes && !global.verbose ? nil : review.reviewLimit
        return PlanText(
            plan: plan,
            shown: try plan.review(firstWrites: limit ?? 0, deletedRecords: global.verbose, in: syncer.workspace),
            title: title, style: output.style, limit: limit, listCommand: listCommand,
            showsDeletedFields: global.verbose
        ).lines
    }

    /// A dry run: prints the plan (one JSON document with `--json`), saves it with `--out`, and
    /// throws exit 1 with `--exit-code` when it would apply anything.
    func showPlan(_ plan: SyncPlan, title: String, arguments: PlanArguments, review: ReviewArguments) throws {
        if global.json || arguments.out != nil {
            let document = PlanDocument.document(
                try plan.withRecords(in: syncer.workspace), remote: remoteName, remoteIdentity: syncer.remote.identity)
            if let out = arguments.out { try PlanFile.write(document, to: global.resolvePath(out)) }
            if global.json { output.json(document) }
        }
        if !global.json {
            var shown = review
            shown.yes = false  // a dry run is a review: it always shows the records
            output.lines(try reviewText(plan, title: title, review: shown, listCommand: Self.listCommand(plan)))
            if let out = arguments.out {
                output.line("")
                output.line(
                    "Plan saved to \(out): `cksync show \(out)` shows it, `cksync apply \(out)` applies exactly it.")
            } else if !plan.hasChanges {
                output.line("Nothing to apply: \(remoteName) is up to date.")
            }
        }
        if arguments.exitCode, plan.hasChanges { throw ExitStatus.differences }
    }

    /// Shows the plan and returns whether to apply it: at once with `--yes`, after asking on a
    /// terminal, never without one. With nothing to apply, reports that (a document with `--json`).
    func confirm(_ plan: SyncPlan, title: String, review: ReviewArguments, listCommand: String? = nil) throws -> Bool {
        let lines = try reviewText(
            plan, title: title, review: review, listCommand: listCommand ?? Self.listCommand(plan))
        if !global.json { output.lines(lines) }
        guard plan.hasChanges else {
            if global.json {
                output.json(resultDocument(SyncResult(), plan: plan))
            } else {
                output.line("Nothing to apply: \(remoteName) is up to date.")
            }
            return false
        }
        if review.yes { return true }
        guard isatty(STDIN_FILENO) != 0, isatty(STDERR_FILENO) != 0 else {
            throw SyncError.confirmationRequired(title)
        }
        if global.json || global.quiet {
            // The review goes where the question does when stdout is for a program.
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        FileHandle.standardError.write(Data("\nApply these changes to \(remoteName)? [y/N] ".utf8))
        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
            if global.json {
                output.json(resultDocument(SyncResult(), plan: plan))
            } else {
                output.line("Nothing applied.")
            }
            return false
        }
        return true
    }

    /// The command that lists every change of a plan: the diff between the snapshots it joins.
    static func listCommand(_ plan: SyncPlan) -> String {
        let from = plan.remoteSnapshot.map { Output.short($0) } ?? "(none)"
        let to = plan.target.map { Output.short($0) } ?? "(none)"
        return "cksync diff \(from) \(to)"
    }

    /// Applies with progress on a terminal and Ctrl-C stopping after the requests in flight.
    func apply(_ plan: SyncPlan, options: ApplyOptions) async throws -> SyncResult {
        let handle = StopSignalHandle()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT)
        source.setEventHandler {
            FileHandle.standardError.write(Data("\nStopping after the requests in flight…\n".utf8))
            handle.interrupt()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        let result = try await syncer.apply(
            plan, options: options, kind: plan.operation.rawValue, extraTrailers: plan.trailers, interrupt: handle,
            progress: { ProgressLine.shared.show($0) })
        ProgressLine.shared.clear()
        return result
    }

    /// The `--json` result of applying a plan (docs/json/result.schema.json); all zeros when
    /// nothing was applied.
    func resultDocument(_ result: SyncResult, plan: SyncPlan) -> Snapshots.JSONValue {
        JSONDocument.make([
            ("operation", .string(plan.operation.rawValue)),
            ("remote", .string(remoteName)),
            ("remoteSnapshot", (result.remoteSnapshot ?? plan.remoteSnapshot).map { .string($0.hex) } ?? .null),
            ("target", plan.target.map { .string($0.hex) } ?? .null),
            (
                "applied",
                .object([
                    ("new", .int(result.new)), ("updated", .int(result.updated)),
                    ("deleted", .int(result.deleted)), ("skipped", .int(result.skipped)),
                    ("failed", .int(result.failed)),
                ])
            ),
            (
                "assets",
                .object([("uploaded", .int(result.assetsUploaded)), ("bytes", .int(Int(result.assetBytesUploaded)))])
            ),
            ("failures", .array(result.failures.map { .string($0) })),
            ("stoppedOnConflict", .bool(result.stoppedOnConflict)),
            ("interrupted", .bool(result.interrupted)),
        ])
    }

    /// Prints a result and throws the exit code it calls for; repacks the repository when due.
    func report(_ result: SyncResult, plan: SyncPlan, verb: String) throws {
        defer { GarbageCollection.afterSync(workspace, packsAtStart: packsAtStart, output: output) }
        if global.json {
            output.json(resultDocument(result, plan: plan))
        } else {
            var line = "\(verb) \(remoteName): \(result.new) new, \(result.updated) updated, \(result.deleted) deleted"
            if result.skipped > 0 { line += ", \(result.skipped) skipped (changed on the server)" }
            if !result.failures.isEmpty { line += ", \(result.failures.count) failed" }
            if result.notSent > 0 { line += ", \(result.notSent) not sent" }
            output.line(line)
            if result.assetsUploaded > 0 {
                let files = result.assetsUploaded == 1 ? "1 asset file" : "\(result.assetsUploaded) asset files"
                output.line("  uploaded \(files), \(FieldValue.sizeText(result.assetBytesUploaded))")
            }
            if let snapshot = result.remoteSnapshot {
                output.line("  remote snapshot \(Output.short(snapshot))")
            }
            for failure in result.failures.prefix(20) { output.error(failure) }
            if result.failures.count > 20 { output.error("… and \(result.failures.count - 20) more failures") }
            if result.notSent > 0 {
                output.error("stopped before sending \(result.notSent) operations; the next push sends them")
            }
        }
        if result.stoppedOnConflict { throw ExitStatus.conflict }
        if result.failed > 0 || result.interrupted { throw ExitStatus.failure }
    }
}
