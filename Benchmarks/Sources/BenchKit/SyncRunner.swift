import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `sync` does.
public struct SyncOptions: Sendable {
    /// The cksync binary.
    public var cksync: String
    /// N: the new records of the first push (step 1) and of the signed push to `cksync serve` (step 4).
    public var records = 100_000
    /// M: the records of which 1 % are modified before the timed push (step 2).
    public var large = 1_000_000
    /// K: the syncs in the history `log` reads (step 3).
    public var syncs = 1_000
    /// The records of the workspace step 3 pushes K times, one changed record each time.
    public var historyRecords = 100_000
    /// The git CLI of step 3's baselines (`git log`).
    public var git = "git"
    public var seed: UInt64 = 1
    /// Keep the work directory here instead of a temporary one that is removed.
    public var keep: String?
    /// Seconds one command may run before it is stopped (SIGTERM, SIGKILL 5 s later).
    /// The K pushes of step 3's setup have three times this, together.
    public var timeout: Double = 600
    /// Step 5: the records, the changes among them and the server's added latency.
    public var latencyRecords = 28_000
    public var latencyChanges = 2_500
    public var latencyMilliseconds = 50
    /// Which steps to run (1...5).
    public var steps: Set<Int> = [1, 2, 3, 4, 5]
    /// The cksync-bench executable, to generate and mutate the large workspaces in child
    /// processes; nil does it in this process. On Linux a child's ru_maxrss starts at its
    /// parent's peak RSS (exec copies the old mm's high-water mark, and posix_spawn's
    /// child shares the parent's mm), so this process must stay small for the peak RSS
    /// of every later child to be its own.
    public var benchExecutable: String?

    public init(cksync: String) { self.cksync = cksync }
}

/// The server of step 4, for the signal handler: stopped when cksync-bench is interrupted.
nonisolated(unsafe) private var runningServerPID: pid_t = 0

/// SIGINT / SIGTERM / SIGHUP while the server runs: stop it, then die of the same signal.
private func stopServerAndExit(_ number: Int32) {
    let pid = runningServerPID
    if pid > 0 { kill(pid, SIGTERM) }
    signal(number, SIG_DFL)
    raise(number)
}

/// The sync benchmarks: cksync push / log / fetch against the local remote and against
/// `cksync serve` on loopback, each step timed with its peak RSS.
public final class SyncRunner {
    private let options: SyncOptions
    private let cksync: String
    private let work: String
    private let logs: String
    private var report: SyncReport
    private let log: (String) -> Void

    /// Prepares the work directory (`--keep DIR`, which must be empty or new, or a fresh
    /// temporary one). `log` receives progress lines.
    public init(options: SyncOptions, log: @escaping (String) -> Void) throws {
        guard options.records > 0, options.large > 0, options.syncs > 0 else {
            throw BenchError("--records, --large and --syncs must be positive")
        }
        guard options.historyRecords >= 2 else { throw BenchError("the history workspace needs at least 2 records") }
        guard options.timeout > 0 else { throw BenchError("--timeout must be positive") }
        if options.cksync.contains("/"), !FileIO.exists(options.cksync) {
            throw BenchError("--cksync \(options.cksync): no such file")
        }
        self.options = options
        self.log = log
        (cksync, work, logs) = try Runner.prepare(cksync: options.cksync, keep: options.keep)
        report = SyncReport(
            cksync: cksync, records: options.records, large: options.large, syncs: options.syncs,
            historyRecords: options.historyRecords, seed: options.seed, timeoutSeconds: options.timeout,
            workDirectory: work, kept: options.keep != nil)
    }

    /// Runs every step; a failing step is reported (with the child's stderr tail) and the
    /// run goes on with the next step.
    public func run() -> SyncReport {
        defer { cleanUp() }
        report.loadAverageAtStart = SyncRunner.loadAverages()
        report.cores = ProcessInfo.processInfo.activeProcessorCount
        if options.steps.contains(1) { firstPush() }
        if options.steps.contains(2) { changePush() }
        if options.steps.contains(3) { history() }
        if options.steps.contains(4) { servePush() }
        if options.steps.contains(5) { latencyPush() }
        report.loadAverageAtEnd = SyncRunner.loadAverages()
        return report
    }

    // MARK: The steps

    /// 1. `push --yes` of N new records to the local remote: snapshot, initial fetch, apply.
    private func firstPush() {
        let workspace = work + "/first-push"
        log("step 1: first push of \(options.records) new records to the local remote")
        guard
            generate(
                "firstPush.generate", "1 generate \(options.records) records", records: options.records,
                into: workspace)
        else {
            skip("firstPush", "1 push, first: \(options.records) new (local)", "the workspace could not be generated")
            return
        }
        var step = command(
            "firstPush", "1 push, first: \(options.records) new (local)", kind: "measured",
            [cksync, "-C", workspace, "push", "--yes"])
        judge(&step, records: options.records, maxSeconds: 10, sized: options.records >= 100_000)
        append(step)
    }

    /// 2. `push --yes` of 1 % modified records (updates only) out of M, snapshot included.
    private func changePush() {
        let workspace = work + "/change-push"
        let changed = Int((Double(options.large) * 0.01).rounded())
        let name = "2 push: \(changed) updated of \(options.large) (local)"
        log("step 2: push of 1 % changes on \(options.large) records")
        guard
            generate(
                "changePush.generate", "2 generate \(options.large) records", records: options.large,
                into: workspace)
        else {
            skip("changePush", name, "the workspace could not be generated")
            return
        }
        var initial = command(
            "changePush.initialPush", "2 push, first: \(options.large) new (setup)", kind: "setup",
            [cksync, "-C", workspace, "push", "--yes"])
        rate(&initial, records: options.large)
        append(initial)
        guard initial.status == "ok" else {
            skip("changePush", name, "the first push failed")
            return
        }
        let mutateName = "2 mutate --fraction 0.01 --only-modify"
        var modified = 0
        if let bench = options.benchExecutable {
            var mutate = command(
                "changePush.mutate", mutateName, kind: "setup",
                [
                    bench, "mutate", "--in", workspace, "--fraction", "0.01", "--seed", "\(options.seed)",
                    "--only-modify",
                ])
            // "Airport: 10000 modified, 0 added, 0 deleted (…)"
            for line in (mutate.lastOutputLine ?? "").split(separator: "/") {
                if let colon = line.firstIndex(of: ":"),
                    let count = Int(line[line.index(after: colon)...].split(separator: " ").first ?? "")
                {
                    modified += count
                }
            }
            if mutate.status == "ok" && modified == 0 {
                mutate.status = "failed"
                mutate.error = "cannot read the count of modified records from its output"
            }
            append(mutate)
            guard mutate.status == "ok" else {
                skip("changePush", name, "the mutation failed")
                return
            }
        } else {
            var mutation: [MutationSummary] = []
            let mutated = inProcess("changePush.mutate", mutateName) {
                mutation = try Mutator.mutate(
                    directory: workspace, fraction: 0.01, seed: options.seed, onlyModify: true)
            }
            guard mutated else {
                skip("changePush", name, "the mutation failed")
                return
            }
            modified = mutation.map(\.modified).reduce(0, +)
        }
        var step = command(
            "changePush", "2 push: \(modified) updated of \(options.large) (local)", kind: "measured",
            [cksync, "-C", workspace, "push", "--yes"])
        judge(&step, records: modified, maxSeconds: 5, sized: options.large >= 1_000_000)
        append(step)
    }

    /// 3. `log` and `blame` over K syncs: K pushes of a workspace, one modified record each
    /// (setup), then `log` and `blame` of one record, each against `git log` on the same
    /// repository (timed, medians of several runs, output to /dev/null).
    private func history() {
        let workspace = work + "/history"
        let name = "3 log of \(options.syncs) syncs"
        log("step 3: \(options.syncs) pushes of one changed record each, then log and blame")
        guard
            generate(
                "history.generate", "3 generate \(options.historyRecords) records", records: options.historyRecords,
                into: workspace)
        else {
            skip("history", name, "the workspace could not be generated")
            return
        }
        // The first push (all new), then K pushes of one modified record each.
        var setUp = SyncStepResult(
            key: "history.pushes", name: "3 \(options.syncs + 1) pushes, 1 record each (setup)",
            kind: "setup")
        let push = [cksync, "-C", workspace, "push", "--yes"]
        setUp.commands = [push.joined(separator: " ")]
        let clock = ContinuousClock()
        let started = clock.now
        let budget = Duration.milliseconds(Int64(options.timeout * 3 * 1000))
        var childSeconds = 0.0
        var peak = 0
        var done = 0
        var slowest = 0.0
        for round in 0...options.syncs {
            do {
                if round > 0 {
                    // One record of the small file, another each time (seed per round).
                    _ = try Mutator.mutate(
                        directory: workspace, fraction: 1 / Double(options.historyRecords),
                        seed: options.seed &+ UInt64(round), onlyModify: true)
                }
                let result = try ChildProcess.run(
                    push, stdoutPath: logs + "/history.pushes.out",
                    stderrPath: logs + "/history.pushes.err", timeout: options.timeout)
                childSeconds += result.seconds
                slowest = max(slowest, result.seconds)
                peak = max(peak, result.peakRSSKiB)
                guard result.succeeded else {
                    fail(&setUp, "push \(round + 1) of \(options.syncs + 1) \(result.statusText)", result)
                    break
                }
                done += 1
            } catch {
                setUp.status = "failed"
                setUp.error = "push \(round + 1) of \(options.syncs + 1): \(error)"
                break
            }
            if round % 100 == 0 { log("  \(round + 1) of \(options.syncs + 1) pushes") }
            if started.duration(to: clock.now) > budget {
                setUp.status = "failed"
                setUp.error = "stopped after \(done) pushes: the setup took longer than \(Int(options.timeout * 3)) s"
                break
            }
        }
        setUp.seconds = seconds(started.duration(to: clock.now))
        setUp.peakRSSMiB = Double(peak) / 1024
        setUp.records = done
        if done > 0 {
            setUp.note = String(
                format: "%d pushes, %.1f ms each on average (%.1f ms the slowest), in child processes",
                done, childSeconds / Double(done) * 1000, slowest * 1000)
        }
        append(setUp)
        guard setUp.status == "ok" else {
            skip("history", name, "the pushes of the setup failed")
            return
        }
        let repository = workspace + "/.cksync/repo"
        let ref = "refs/remotes/local/main"
        // log: every sync's id, date, author and message, against git printing the same commits' messages.
        var step = repeated("history", name, [cksync, "-C", workspace, "log"])
        let gitLog = repeated(
            "history.gitLog", "3 git log of the same commits (baseline)",
            [options.git, "--git-dir", repository, "log", "--format=%H %ad %an%n%B", ref], kind: "baseline")
        judge(&step, against: gitLog, maxRatio: 5, sized: options.syncs >= 1_000)
        // Check (untimed, afterwards): how many syncs log lists.
        let check = logs + "/history.check.out"
        if step.status == "ok",
            let result = try? ChildProcess.run(
                [cksync, "-C", workspace, "log"], stdoutPath: check,
                stderrPath: logs + "/history.check.err", timeout: options.timeout),
            result.succeeded, let bytes = try? FileIO.read(check)
        {
            let lines = bytes.split(separator: UInt8(ascii: "\n")).count
            step.note =
                (step.note ?? "") + "; log lists \(lines) syncs (checked by a second, untimed run); the newest: "
                + (String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self))
        }
        append(gitLog)
        append(step)

        // blame of the data file's first record, against git's log of that record's path.
        guard let record = firstRecordName(workspace) else {
            skip("history.blame", "3 blame of one record", "cannot read the first record's name from the data file")
            return
        }
        let path = "records/Airport/" + SHA1.hex(Array(SHA1.digest(Array(record.utf8)).prefix(1))) + "/\(record).json"
        var blame = repeated(
            "history.blame", "3 blame of Airport/\(record) over \(options.syncs) syncs",
            [cksync, "-C", workspace, "blame", "Airport/\(record)"])
        let gitPathLog = repeated(
            "history.gitPathLog", "3 git log of that record's path (baseline)",
            [options.git, "--git-dir", repository, "log", "--format=%H %ad %an %s", ref, "--", path], kind: "baseline")
        judge(
            &blame, against: gitPathLog, maxRatio: 5, sized: options.syncs >= 1_000 && options.historyRecords >= 100_000
        )
        append(gitPathLog)
        append(blame)
    }

    /// The record name of the first row of the Airport data file (its first column).
    private func firstRecordName(_ workspace: String) -> String? {
        guard let bytes = try? FileIO.read(workspace + "/data/airports.csv") else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2)
        guard lines.count > 1 else { return nil }
        let name = String(decoding: lines[1].prefix { $0 != UInt8(ascii: ",") }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    /// Runs a short command `runs` times (stdout to /dev/null) and reports the median time: one
    /// run of a few tens of milliseconds is mostly noise.
    private func repeated(
        _ key: String, _ name: String, _ arguments: [String], kind: String = "measured",
        runs: Int = 7
    ) -> SyncStepResult {
        var step = SyncStepResult(key: key, name: name, kind: kind)
        step.commands = [arguments.joined(separator: " ")]
        log("  \(name): \(arguments.dropFirst().joined(separator: " ")) (median of \(runs))")
        var times: [Double] = []
        for _ in 0..<runs {
            do {
                let result = try ChildProcess.run(
                    arguments, stdoutPath: "/dev/null", stderrPath: logs + "/" + key + ".err",
                    timeout: options.timeout)
                guard result.succeeded else {
                    fail(&step, "\(result.statusText)", result)
                    return step
                }
                times.append(result.seconds)
                step.peakRSSMiB = max(step.peakRSSMiB ?? 0, Double(result.peakRSSKiB) / 1024)
            } catch {
                step.status = "failed"
                step.error = "\(error)"
                return step
            }
        }
        times.sort()
        step.seconds = times[times.count / 2]
        step.note = String(format: "median of %d runs (%.3f–%.3f s)", runs, times.first ?? 0, times.last ?? 0)
        return step
    }

    /// 4. A signed push of N new records to `cksync serve` on loopback, then a fetch of them.
    private func servePush() {
        let workspace = work + "/serve"
        let pushName = "4 signed push: \(options.records) new (serve)"
        let fetchName = "4 fetch: \(options.records) records (serve)"
        log("step 4: signed push of \(options.records) new records to cksync serve, then fetch")
        func skipBoth(_ reason: String) {
            skip("servePush", pushName, reason)
            skip("serveFetch", fetchName, reason)
        }
        guard
            generate(
                "serve.generate", "4 generate \(options.records) records", records: options.records,
                into: workspace)
        else {
            return skipBoth("the workspace could not be generated")
        }
        var key = command(
            "serve.keyNew", "4 key new (setup)", kind: "setup",
            [cksync, "-C", workspace, "key", "new", "--out", workspace + "/eckey.pem"])
        key.lastOutputLine = nil  // the next steps for a person, not a result
        append(key)
        guard key.status == "ok" else { return skipBoth("key new failed") }

        let serverArguments = [
            cksync, "serve", "--port", "0", "--key", "bench=\(workspace)/eckey.pub.pem",
            "--data", workspace + "/serve.sqlite",
        ]
        let started = withServer("serve.server", "4 cksync serve, start to stop (setup)", serverArguments) {
            endpoint in
            guard configureServeRemote("serve.configure", "4", workspace: workspace, endpoint: endpoint) else {
                return skipBoth("cksync.toml could not be written")
            }
            // The snapshot first (untimed), so the push's rate is the sync's, not the normalization's.
            let snapshot = command(
                "serve.snapshot", "4 snapshot (setup)", kind: "setup", [cksync, "-C", workspace, "snapshot"])
            append(snapshot)
            guard snapshot.status == "ok" else { return skipBoth("the snapshot failed") }

            var push = command(
                "servePush", pushName, kind: "measured",
                [cksync, "-C", workspace, "--remote", "serve", "push", "--yes"])
            judge(&push, records: options.records, minRate: 10_000, sized: options.records >= 100_000)
            append(push)
            guard push.status == "ok" else {
                skip("serveFetch", fetchName, "the push failed")
                return
            }
            var fetch = command(
                "serveFetch", fetchName, kind: "measured",
                [cksync, "-C", workspace, "--remote", "serve", "fetch"])
            judge(&fetch, records: options.records, minRate: 20_000, sized: options.records >= 100_000)
            append(fetch)
        }
        if !started { skipBoth("cksync serve did not start") }
    }

    /// 5. `push --yes` of C changes out of P records to `cksync serve --latency L`, against the
    /// same sync done the query-everything way (`QueryEverythingSync`), each from a copy of the
    /// server's database as the first push left it.
    private func latencyPush() {
        let records = options.latencyRecords
        let workspace = work + "/latency"
        let data = workspace + "/serve.sqlite"
        let copy = workspace + "/serve-before.sqlite"
        let over = "\(records) records over \(options.latencyMilliseconds) ms"
        let pushName = "5 push: \(options.latencyChanges) changes of \(over) (serve)"
        let baselineName = "5 query everything, then write: the same changes (serve)"
        log("step 5: push of \(options.latencyChanges) changes of \(over), against querying everything")
        func skipBoth(_ reason: String) {
            skip("latencyPush", pushName, reason)
            skip("latencyBaseline", baselineName, reason)
        }
        guard generate("latency.generate", "5 generate \(records) records", records: records, into: workspace) else {
            return skipBoth("the workspace could not be generated")
        }
        var key = command(
            "latency.keyNew", "5 key new (setup)", kind: "setup",
            [cksync, "-C", workspace, "key", "new", "--out", workspace + "/eckey.pem"])
        key.lastOutputLine = nil
        append(key)
        guard key.status == "ok" else { return skipBoth("key new failed") }
        let originalConfiguration: [UInt8]
        do {
            originalConfiguration = try FileIO.read(workspace + "/cksync.toml")
        } catch {
            return skipBoth("\(error)")
        }
        func serverArguments(_ database: String) -> [String] {
            [
                cksync, "serve", "--port", "0", "--key", "bench=\(workspace)/eckey.pub.pem", "--allow-unsigned",
                "--latency", "\(options.latencyMilliseconds)", "--data", database,
            ]
        }
        // Each server listens on a port of its own.
        func configure(_ key: String, _ endpoint: String) -> Bool {
            configureServeRemote(key, "5", workspace: workspace, endpoint: endpoint, over: originalConfiguration)
        }

        var firstPushed = false
        let setUp = withServer("latency.server1", "5 cksync serve for the first push (setup)", serverArguments(data)) {
            endpoint in
            guard configure("latency.configure1", endpoint) else { return }
            var push = command(
                "latency.firstPush", "5 first push of \(records) (setup)", kind: "setup",
                [cksync, "-C", workspace, "--remote", "serve", "push", "--yes"])
            rate(&push, records: records)
            append(push)
            firstPushed = push.status == "ok"
        }
        guard setUp, firstPushed else { return skipBoth("the first push failed") }
        let fraction = Double(options.latencyChanges) / Double(records)
        var mutate = command(
            "latency.mutate", "5 mutate \(options.latencyChanges) records (setup)", kind: "setup",
            [
                options.benchExecutable ?? "cksync-bench", "mutate", "--in", workspace, "--fraction",
                "\(fraction)", "--seed", "\(options.seed + 1)",
            ])
        mutate.note = mutate.lastOutputLine
        append(mutate)
        guard mutate.status == "ok" else { return skipBoth("the workspace could not be changed") }
        let copied = inProcess("latency.copy", "5 copy the server's database (setup)") {
            // Stopped cleanly, the server folded its write-ahead log in; a copy of any left is harmless.
            for suffix in ["", "-wal"] where FileIO.exists(data + suffix) {
                try FileIO.copy(data + suffix, to: copy + suffix)
            }
        }
        guard copied else { return skipBoth("the server's database could not be copied") }

        var push = SyncStepResult(key: "latencyPush", name: pushName, kind: "measured")
        let pushed = withServer("latency.server2", "5 cksync serve for the push (setup)", serverArguments(data)) {
            endpoint in
            guard configure("latency.configure2", endpoint) else { return }
            push = command(
                "latencyPush", pushName, kind: "measured",
                [cksync, "-C", workspace, "--remote", "serve", "push", "--yes"])
        }
        guard pushed else { return skipBoth("cksync serve did not start") }

        var baseline = SyncStepResult(key: "latencyBaseline", name: baselineName, kind: "measured")
        let compared = withServer("latency.server3", "5 cksync serve for the baseline (setup)", serverArguments(copy)) {
            endpoint in
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let sync = QueryEverythingSync(
                    endpoint: endpoint, container: Self.container, source: Workspace.sources(format: .csv, types: 1)[0],
                    workspace: workspace)
                let outcome = try sync.run()
                baseline.seconds = seconds(start.duration(to: clock.now))
                baseline.note =
                    "\(outcome.pages) query pages of \(outcome.remoteRecords) records, \(outcome.written) written "
                    + "in \(outcome.writeRequests) requests"
            } catch {
                baseline.status = "failed"
                baseline.error = "\(error)"
            }
        }
        guard compared else { return skipBoth("cksync serve did not start") }
        judge(&push, against: baseline, maxRatio: 0.1, sized: records >= 25_000)
        append(push)
        append(baseline)
    }

    /// The container of `[remotes.serve]`.
    static let container = "iCloud.com.example.Bench"

    /// Appends `[remotes.serve]`, signed with the workspace's `eckey.pem`, to its cksync.toml
    /// (to `original` instead, when given).
    private func configureServeRemote(
        _ key: String, _ step: String, workspace: String, endpoint: String, over original: [UInt8]? = nil
    ) -> Bool {
        inProcess(key, "\(step) add [remotes.serve] to cksync.toml") {
            try FileIO.write(
                (try original ?? FileIO.read(workspace + "/cksync.toml")) + Self.serveRemote(endpoint: endpoint),
                to: workspace + "/cksync.toml")
        }
    }

    /// `[remotes.serve]`: `cksync serve` at `endpoint`, requests signed with the workspace's
    /// `eckey.pem` under the key id `bench`.
    static func serveRemote(endpoint: String) -> [UInt8] {
        Array(
            """

            [remotes.serve]
            kind = "cloudkit"
            container = "\(container)"
            key-id = "bench"
            private-key-file = "eckey.pem"
            endpoint = "\(endpoint)"

            """.utf8)
    }

    /// Runs `cksync serve` (`arguments`) in the background while `body` runs with its endpoint,
    /// then stops it (SIGTERM; SIGKILL after 10 s) and reports it as a setup row named `name`,
    /// with its lifetime, peak RSS and the requests it logged. False when it did not start.
    private func withServer(_ key: String, _ name: String, _ arguments: [String], _ body: (String) -> Void) -> Bool {
        var serverStep = SyncStepResult(key: key, name: name, kind: "setup")
        serverStep.commands = [arguments.joined(separator: " ")]
        let server: RunningChild
        do {
            server = try ChildProcess.start(
                arguments, stdoutPath: logs + "/\(key).out", stderrPath: logs + "/\(key).err")
        } catch {
            serverStep.status = "failed"
            serverStep.error = "\(error)"
            append(serverStep)
            return false
        }
        runningServerPID = server.pid
        let handler = stopServerAndExit as @convention(c) (Int32) -> Void
        let previous = [SIGINT, SIGTERM, SIGHUP].map { ($0, signal($0, handler)) }
        defer {
            log("  stopping cksync serve (pid \(server.pid))")
            if let result = server.stop() {
                serverStep.seconds = result.seconds
                serverStep.peakRSSMiB = Double(result.peakRSSKiB) / 1024
                if result.exitCode != 0 && result.signal != SIGTERM && serverStep.status == "ok" {
                    fail(&serverStep, "cksync serve \(result.statusText) when stopped", result)
                }
            }
            runningServerPID = 0
            for (number, action) in previous { signal(number, action) }
            let lines = (try? FileIO.read(server.stderrPath))?.split(separator: UInt8(ascii: "\n")) ?? []
            let requests = lines.filter { line in
                let text = String(decoding: line, as: UTF8.self)
                return text.contains(" POST /") || text.contains(" GET /")
            }.count
            serverStep.note = (serverStep.note.map { $0 + "; " } ?? "") + "\(requests) requests logged"
            append(serverStep)
        }
        do {
            let line = try server.firstLine(timeout: 60)
            guard let range = line.range(of: "http://") else { throw BenchError("unexpected first line: \(line)") }
            let endpoint = String(line[range.lowerBound...]).trimmingCharacters(in: .whitespaces)
            serverStep.note = "listening on \(endpoint)"
            body(endpoint)
            return true
        } catch {
            serverStep.status = "failed"
            serverStep.error = "\(error)"
            return false
        }
    }

    // MARK: Helpers

    /// Generates `records` airports into `directory` (a setup row); false when it failed.
    private func generate(_ key: String, _ name: String, records: Int, into directory: String) -> Bool {
        if let bench = options.benchExecutable, records > 1000 {
            var step = command(
                key, name, kind: "setup",
                [
                    bench, "generate", "--records", "\(records)",
                    "--seed", "\(options.seed)", "--out", directory,
                ])
            step.lastOutputLine = nil
            append(step)
            return step.status == "ok"
        }
        return inProcess(key, name) {
            try Generator.generate(GenerateOptions(records: records, seed: options.seed), into: directory)
        }
    }

    /// Runs one command to completion with the timeout; stdout to `logs/<key>.out` (or `stdout`).
    private func command(
        _ key: String, _ name: String, kind: String, _ arguments: [String],
        stdout: String? = nil
    ) -> SyncStepResult {
        var step = SyncStepResult(key: key, name: name, kind: kind)
        step.commands = [arguments.joined(separator: " ")]
        log("  \(name): \(arguments.dropFirst().joined(separator: " "))")
        let out = stdout ?? logs + "/" + key + ".out"
        do {
            let result = try ChildProcess.run(
                arguments, stdoutPath: out, stderrPath: logs + "/" + key + ".err",
                timeout: options.timeout)
            step.seconds = result.seconds
            step.peakRSSMiB = Double(result.peakRSSKiB) / 1024
            if result.succeeded {
                if stdout == nil { step.lastOutputLine = SyncRunner.lastLines(of: out) }
            } else {
                fail(&step, "\(label(arguments)) \(result.statusText)", result)
            }
        } catch {
            step.status = "failed"
            step.error = "\(error)"
        }
        return step
    }

    /// "cksync push" for `[…/cksync, -C, W, --remote, serve, push, --yes]`.
    private func label(_ arguments: [String]) -> String {
        var words = ["cksync"]
        var index = 1
        while index < arguments.count {
            let word = arguments[index]
            if word == "-C" || word == "--remote" {
                index += 2
                continue
            }
            if !word.hasPrefix("-") {
                words.append(word)
                break
            }
            index += 1
        }
        return words.joined(separator: " ")
    }

    /// Marks `step` failed with `message` and the tail of the child's stderr.
    private func fail(_ step: inout SyncStepResult, _ message: String, _ result: ChildResult) {
        step.status = "failed"
        let tail = result.stderrTail(lines: 12)
        step.error = message + (tail.isEmpty ? "" : ":\n" + tail)
    }

    /// Times work done inside this process; false (and a failed row) when it threw.
    @discardableResult
    private func inProcess(_ key: String, _ name: String, _ body: () throws -> Void) -> Bool {
        var step = SyncStepResult(key: key, name: name, kind: "setup")
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try body()
        } catch {
            step.status = "failed"
            step.error = "\(error)"
        }
        step.seconds = seconds(start.duration(to: clock.now))
        append(step)
        return step.status == "ok"
    }

    /// Fills the rate of a setup step that moved `records`.
    private func rate(_ step: inout SyncStepResult, records: Int) {
        step.records = records
        if step.status == "ok", let seconds = step.seconds, seconds > 0 {
            step.recordsPerSecond = Double(records) / seconds
        }
    }

    /// Judges a measured step against a time limit.
    private func judge(_ step: inout SyncStepResult, records: Int?, maxSeconds: Double, sized: Bool) {
        if let records { rate(&step, records: records) }
        step.target = maxSeconds < 1 ? String(format: "≤ %.1f s", maxSeconds) : String(format: "≤ %.0f s", maxSeconds)
        guard step.status == "ok", let seconds = step.seconds else { return }
        step.verdict = !sized ? "info" : (seconds <= maxSeconds ? "pass" : "fail")
    }

    /// Judges a measured step as a ratio to a baseline timed in the same run: machines differ
    /// 2–3× in speed, so only the ratio means something.
    private func judge(_ step: inout SyncStepResult, against baseline: SyncStepResult, maxRatio: Double, sized: Bool) {
        step.target = String(format: "≤ %g× %@", maxRatio, baseline.name)
        guard step.status == "ok", baseline.status == "ok", let seconds = step.seconds, let base = baseline.seconds,
            base > 0
        else { return }
        let ratio = seconds / base
        step.note = String(format: "%.2f× the baseline", ratio) + (step.note.map { "; " + $0 } ?? "")
        step.verdict = !sized ? "info" : (ratio <= maxRatio ? "pass" : "fail")
    }

    /// Judges a measured step against a rate.
    private func judge(_ step: inout SyncStepResult, records: Int, minRate: Double, sized: Bool) {
        rate(&step, records: records)
        step.target = String(format: "≥ %.0f records/s", minRate)
        guard step.status == "ok", let rate = step.recordsPerSecond else { return }
        step.verdict = !sized ? "info" : (rate >= minRate ? "pass" : "fail")
    }

    private func skip(_ key: String, _ name: String, _ reason: String) {
        var step = SyncStepResult(key: key, name: name, kind: "measured")
        step.status = "skipped"
        step.error = reason
        append(step)
    }

    private func append(_ step: SyncStepResult) {
        if step.status == "failed" {
            log("  \(step.name) failed: \(step.error ?? "")")
        } else if step.status == "ok" {
            var line = String(format: "  %@: %.3f s", step.name, step.seconds ?? 0)
            if let rss = step.peakRSSMiB { line += String(format: ", %.1f MiB", rss) }
            if let rate = step.recordsPerSecond { line += String(format: ", %.0f records/s", rate) }
            if let verdict = step.verdict { line += " (\(verdict))" }
            log(line)
        }
        report.steps.append(step)
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private func cleanUp() {
        guard options.keep == nil else { return }
        log("removing \(work)")
        try? FileManager.default.removeItem(atPath: work)
    }

    /// The last `count` non-empty lines of a log file joined with " / ", each at most 160
    /// characters; nil when there are none.
    static func lastLines(of path: String, count: Int = 3) -> String? {
        guard let bytes = try? FileIO.read(path) else { return nil }
        let text = String(decoding: bytes.suffix(8192), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return nil }
        return lines.suffix(count).map { String($0.prefix(160)) }.joined(separator: " / ")
    }

    /// The 1-, 5- and 15-minute load averages.
    static func loadAverages() -> [Double]? {
        var values = [Double](repeating: 0, count: 3)
        return getloadavg(&values, 3) == 3 ? values.map { ($0 * 100).rounded() / 100 } : nil
    }
}
