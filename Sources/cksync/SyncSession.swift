import CloudKitWeb
import Foundation
import Logging
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

    init(global: GlobalOptions, command: String, lock arguments: LockArguments) throws {
        self.global = global
        workspace = try global.openWorkspace()
        var logger = Logger(label: "cksync")
        logger.logLevel = global.verbose ? .debug : .warning
        // On a terminal, each wait for another attempt is said on stderr as it starts (as progress is).
        var onRetry: (@Sendable (RetryNotice) -> Void)?
        if isatty(STDERR_FILENO) != 0, !global.quiet, !global.json {
            onRetry = { notice in FileHandle.standardError.write(Data("\r\(notice)\u{1B}[K\n".utf8)) }
        }
        let remote = try Remote.open(
            workspace.configuration.remote(named: global.remote), workspace: workspace, logger: logger,
            onRetry: onRetry)
        lock = try WorkspaceLock(
            path: workspace.stateDirectory + "/lock", command: command, forceUnlock: arguments.forceUnlock)
        syncer = Syncer(workspace: workspace, remote: remote)
        // A push journal left by a killed apply goes into the remote snapshot before anything else.
        try syncer.recoverJournal()
        output = Output(options: global)
    }

    var remoteName: String { syncer.remote.name }

    /// Prints the plan; returns whether to apply it (asking on a terminal unless `--yes`).
    func review(_ plan: SyncPlan, verb: String, review: ReviewArguments) throws -> Bool {
        let applied = plan.applied
        let counts = (
            new: applied.count { $0.kind == .new }, updated: applied.count { $0.kind == .updated },
            deleted: applied.count { $0.kind == .deleted }
        )
        if !global.json {
            output.line("\(verb) \(remoteName): \(counts.new) new, \(counts.updated) updated, \(counts.deleted) deleted")
            if plan.keptOrphans > 0 {
                output.line("  \(plan.keptOrphans) orphan\(plan.keptOrphans == 1 ? "" : "s") on the remote kept "
                    + "(--delete-orphans or prune-orphans deletes them)")
            }
            var shown = plan.changeset
            shown.changes = applied
            if global.verbose { output.lines(ChangesetText(shown, style: output.style).details) }
        }
        guard !applied.isEmpty else {
            if !global.json { output.line("Nothing to apply: \(remoteName) is up to date.") }
            return false
        }
        if review.dryRun { return false }
        if review.yes { return true }
        guard isatty(STDIN_FILENO) != 0, isatty(STDERR_FILENO) != 0 else {
            throw SyncError.confirmationRequired("\(verb) \(remoteName)")
        }
        FileHandle.standardError.write(Data("Apply these changes to \(remoteName)? [y/N] ".utf8))
        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
            output.line("Nothing applied.")
            return false
        }
        return true
    }

    /// Applies with progress on a terminal and Ctrl-C stopping after the requests in flight.
    func apply(_ plan: SyncPlan, options: ApplyOptions, kind: String, trailers: [(key: String, value: String)])
        async throws -> SyncResult
    {
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
        let showProgress = isatty(STDERR_FILENO) != 0 && !global.quiet && !global.json
        let result = try await syncer.apply(
            plan, options: options, kind: kind, extraTrailers: trailers, interrupt: handle,
            progress: { progress in if showProgress { ProgressLine.show(progress) } })
        if showProgress { ProgressLine.finish() }
        return result
    }

    /// Prints a result and throws the exit code it calls for.
    func report(_ result: SyncResult, verb: String) throws {
        if global.json {
            output.json(
                .object([
                    ("remote", .string(remoteName)),
                    ("remoteSnapshot", result.remoteSnapshot.map { .string($0.hex) } ?? .null),
                    ("applied", .object([
                        ("new", .int(result.new)), ("updated", .int(result.updated)),
                        ("deleted", .int(result.deleted)), ("skipped", .int(result.skipped)),
                        ("failed", .int(result.failed)),
                    ])),
                    ("failures", .array(result.failures.map { .string($0) })),
                    ("stoppedOnConflict", .bool(result.stoppedOnConflict)),
                    ("interrupted", .bool(result.interrupted)),
                ]))
        } else {
            var line = "\(verb) \(remoteName): \(result.new) new, \(result.updated) updated, \(result.deleted) deleted"
            if result.skipped > 0 { line += ", \(result.skipped) skipped (changed on the server)" }
            if !result.failures.isEmpty { line += ", \(result.failures.count) failed" }
            if result.notSent > 0 { line += ", \(result.notSent) not sent" }
            output.line(line)
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

/// One self-rewriting progress line on stderr: records, batches, rate, ETA.
enum ProgressLine {
    static func show(_ progress: ApplyProgress) {
        let rate = progress.elapsed > 0 ? Double(progress.operationsDone) / progress.elapsed : 0
        let remaining = rate > 0 ? Double(progress.operationsTotal - progress.operationsDone) / rate : 0
        let text = "\r\(progress.operationsDone)/\(progress.operationsTotal) records, "
            + "\(progress.batchesDone)/\(progress.batchesTotal) batches, \(Int(rate)) records/s, ETA \(Int(remaining.rounded()))s"
        FileHandle.standardError.write(Data((text + "\u{1B}[K").utf8))
    }

    static func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
