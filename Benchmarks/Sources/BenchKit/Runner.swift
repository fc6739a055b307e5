import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `run` does.
public struct RunOptions: Sendable {
    public var records: Int
    public var fraction: Double
    public var seed: UInt64
    public var format: Workspace.AirportFormat = .csv
    public var types: Int = 1
    /// The cksync binary; nil runs only the generator and the git baseline.
    public var cksync: String?
    /// Keep the work directory here instead of a temporary one that is removed.
    public var keep: String?
    /// The git program (a name looked up in PATH, or a path).
    public var git: String = "git"

    public init(records: Int, fraction: Double, seed: UInt64) {
        self.records = records
        self.fraction = fraction
        self.seed = seed
    }
}

/// One benchmark run: generate, cksync first snapshot, cksync status, git baseline
/// initial commit, mutate, cksync snapshot + diff --stat, git baseline add + commit + diff.
public final class Runner {
    private let options: RunOptions
    private let work: String
    private let workspace: String
    private let baseline: String
    private let logs: String
    private var report: BenchReport
    private let log: (String) -> Void

    /// Prepares the work directory (`--keep DIR`, which must be empty or new, or a fresh
    /// temporary one). `log` receives progress lines.
    public init(options: RunOptions, log: @escaping (String) -> Void) throws {
        guard options.records > 0 else { throw BenchError("--records must be positive") }
        guard options.fraction >= 0 && options.fraction <= 1 else {
            throw BenchError("--fraction must be between 0 and 1")
        }
        if let cksync = options.cksync, cksync.contains("/"), !FileIO.exists(cksync) {
            throw BenchError("--cksync \(cksync): no such file")
        }
        self.options = options
        self.log = log
        work = try Runner.workDirectory(keep: options.keep)
        workspace = work + "/workspace"
        baseline = work + "/git-baseline"
        logs = work + "/logs"
        try FileIO.makeDirectories(logs)
        try FileIO.makeDirectories(baseline)
        report = BenchReport(
            records: options.records, fraction: options.fraction, seed: options.seed,
            format: options.format.rawValue, types: options.types,
            cksync: options.cksync.map(FileIO.absolute), workDirectory: work,
            kept: options.keep != nil)
    }

    /// Runs every step; a failing step is recorded in the report, never a crash. Throws
    /// only when the benchmark itself cannot go on (generator, mutator or file errors).
    public func run() throws -> BenchReport {
        defer { cleanUp() }
        let sources = Workspace.sources(format: options.format, types: options.types)
        let cksync = options.cksync.map(FileIO.absolute)
        report.loadAverageAtStart = Runner.loadAverage()
        report.cores = ProcessInfo.processInfo.activeProcessorCount

        // a. Version 1 and cksync's first snapshot.
        log("generating \(options.records) records into \(workspace)")
        try inProcess(StepKey.generate, "generate workspace (v1)") {
            try Generator.generate(
                GenerateOptions(
                    records: options.records, seed: options.seed,
                    format: options.format, types: options.types),
                into: workspace)
        }
        var cksyncUsable = cksync != nil
        if let cksync {
            log("cksync snapshot (first)")
            let first = children(
                StepKey.cksyncFirstSnapshot, "cksync snapshot (first)",
                [("cksync snapshot", [cksync, "-C", workspace, "snapshot"])])
            cksyncUsable = first.status == "ok"
            // b. Nothing changed.
            log("cksync status (nothing changed)")
            if cksyncUsable {
                children(
                    StepKey.cksyncStatus, "cksync status (unchanged)",
                    [("cksync status", [cksync, "-C", workspace, "status"])])
            } else {
                skip(StepKey.cksyncStatus, "cksync status (unchanged)", "the first snapshot failed")
            }
        } else {
            skip(StepKey.cksyncFirstSnapshot, "cksync snapshot (first)", "no --cksync")
            skip(StepKey.cksyncStatus, "cksync status (unchanged)", "no --cksync")
        }

        // d (first half). The git baseline's initial commit of the same records.
        log("git baseline: writing version 1 files into \(baseline)")
        try gitSetUp()
        let tree = BaselineTree(root: baseline)
        var index = BaselineTree.Index()
        try inProcess(StepKey.baselineWriteInitial, "baseline files written (v1, untimed)") {
            index = try tree.writeAll(sources: sources, workspace: workspace)
        }
        log("git add -A && git commit (initial)")
        let gitInitial = children(
            StepKey.gitInitial, "git add+commit (initial)",
            [
                ("git add", [options.git, "-C", baseline, "add", "-A"]),
                ("git commit", [options.git, "-C", baseline, "commit", "-q", "-m", "version 1"]),
            ])

        // c. Mutate, then cksync's second snapshot and the diff of the two.
        log("mutating a fraction \(options.fraction) of the records")
        try inProcess(StepKey.mutate, "mutate (v2)") {
            report.mutation = try Mutator.mutate(directory: workspace, fraction: options.fraction, seed: options.seed)
        }
        if let cksync {
            if cksyncUsable {
                log("cksync snapshot + diff --stat main~1 main")
                children(
                    StepKey.cksyncAfterChange, "cksync snapshot+diff (after change)",
                    [
                        ("cksync snapshot", [cksync, "-C", workspace, "snapshot"]),
                        ("cksync diff --stat", [cksync, "-C", workspace, "diff", "--stat", "main~1", "main"]),
                    ])
            } else {
                skip(StepKey.cksyncAfterChange, "cksync snapshot+diff (after change)", "the first snapshot failed")
            }
        } else {
            skip(StepKey.cksyncAfterChange, "cksync snapshot+diff (after change)", "no --cksync")
        }

        // d (second half). The git baseline after the change: the incremental step.
        log("git baseline: writing the changed files")
        try inProcess(StepKey.baselineWriteChange, "baseline files written (v2, untimed)") {
            let (_, counts) = try tree.update(sources: sources, workspace: workspace, previous: index)
            report.baselineFilesChanged = counts
        }
        if gitInitial.status == "ok" {
            log("git add -A && git commit && git diff --shortstat HEAD~1")
            children(
                StepKey.gitAfterChange, "git add+commit+diff (after change)",
                [
                    ("git add", [options.git, "-C", baseline, "add", "-A"]),
                    ("git commit", [options.git, "-C", baseline, "commit", "-q", "-m", "version 2"]),
                    ("git diff --shortstat", [options.git, "-C", baseline, "diff", "--shortstat", "HEAD~1"]),
                ])
        } else {
            skip(StepKey.gitAfterChange, "git add+commit+diff (after change)", "the initial commit failed")
        }

        report.loadAverageAtEnd = Runner.loadAverage()
        report.evaluate()
        return report
    }

    /// `git init` and the settings the baseline runs with: an identity, and no automatic
    /// gc (a background `gc --auto` would land in later measurements).
    private func gitSetUp() throws {
        let setUp: [[String]] = [
            [options.git, "init", "-q", baseline],
            [options.git, "-C", baseline, "config", "user.name", "cksync-bench"],
            [options.git, "-C", baseline, "config", "user.email", "cksync-bench@example.invalid"],
            [options.git, "-C", baseline, "config", "gc.auto", "0"],
            [options.git, "-C", baseline, "config", "commit.gpgSign", "false"],
        ]
        for arguments in setUp {
            let result = try ChildProcess.run(
                arguments, stdoutPath: logs + "/git-setup.out", stderrPath: logs + "/git-setup.err")
            guard result.succeeded else {
                throw BenchError("\(arguments.joined(separator: " ")) \(result.statusText): \(result.stderrTail())")
            }
        }
    }

    /// Runs `commands` one after another, stopping at the first failure; the step's time is
    /// their sum, its peak RSS the largest.
    @discardableResult
    private func children(_ key: String, _ name: String, _ commands: [(label: String, arguments: [String])])
        -> StepResult
    {
        // The writes before the step are flushed first, untimed, as `ScaleRunner` does: cksync's
        // step came right after git had written its first commit's 235,000 loose objects, whose
        // write-back kept a core busy in the kernel through it; git's step came after the baseline
        // files the benchmark writes.
        sync()
        var step = StepResult(key: key, name: name)
        var seconds = 0.0
        var peak = 0
        for (number, command) in commands.enumerated() {
            step.commands.append(command.arguments.joined(separator: " "))
            step.commandLabels.append(command.label)
            let base = logs + "/" + key + "-\(number + 1)"
            do {
                let result = try ChildProcess.run(
                    command.arguments, stdoutPath: base + ".out", stderrPath: base + ".err")
                seconds += result.seconds
                peak = max(peak, result.peakRSSKiB)
                step.commandSeconds.append(result.seconds)
                if !result.succeeded {
                    step.status = "failed"
                    let tail = result.stderrTail()
                    step.error = "\(command.label) \(result.statusText)" + (tail.isEmpty ? "" : ": " + tail)
                    break
                }
            } catch {
                step.status = "failed"
                step.error = "\(command.label): \(error)"
                break
            }
        }
        step.seconds = seconds
        step.peakRSSMiB = Double(peak) / 1024
        if step.status == "ok", let last = step.commands.indices.last {
            step.lastOutputLine = Runner.lastLine(of: logs + "/" + key + "-\(last + 1).out")
        }
        if let error = step.error {
            log("  \(name) failed: \(error)")
        } else {
            log(String(format: "  %@: %.3f s, %.1f MiB", name, seconds, Double(peak) / 1024))
        }
        report.steps.append(step)
        return step
    }

    /// Times work done inside this process (generation, mutation, writing baseline files).
    private func inProcess(_ key: String, _ name: String, _ body: () throws -> Void) throws {
        var step = StepResult(key: key, name: name)
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = start.duration(to: clock.now)
        step.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        log(String(format: "  %@: %.3f s", name, step.seconds ?? 0))
        report.steps.append(step)
    }

    private func skip(_ key: String, _ name: String, _ reason: String) {
        var step = StepResult(key: key, name: name)
        step.status = "skipped"
        step.error = reason
        report.steps.append(step)
    }

    private func cleanUp() {
        guard options.keep == nil else { return }
        log("removing \(work)")
        try? FileManager.default.removeItem(atPath: work)
    }

    /// The 1-minute load average.
    static func loadAverage() -> Double? {
        var values = [Double](repeating: 0, count: 3)
        return getloadavg(&values, 3) > 0 ? values[0] : nil
    }

    /// The last non-empty line of a log file, at most 200 characters; nil when there is none.
    static func lastLine(of path: String) -> String? {
        guard let bytes = try? FileIO.read(path) else { return nil }
        let tail = bytes.suffix(4096)
        let text = String(decoding: tail, as: UTF8.self).trimmingTrailingWhitespace()
        guard let line = text.split(separator: "\n").last else { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(200))
    }

    /// A new directory under $TMPDIR (or /tmp).
    /// The directory a run works in: `--keep DIR` (created, and refused unless empty), or a
    /// new temporary one.
    static func workDirectory(keep: String?) throws -> String {
        guard let keep else { return try temporaryDirectory() }
        let path = FileIO.absolute(keep)
        if FileIO.isDirectory(path), let entries = try? FileManager.default.contentsOfDirectory(atPath: path),
            !entries.isEmpty
        {
            throw BenchError("--keep \(keep): the directory is not empty")
        }
        try FileIO.makeDirectories(path)
        return path
    }

    /// What a run of cksync children starts from: the binary (a path made absolute, a bare name
    /// left for the child's PATH), the work directory (`workDirectory(keep:)`) and its `logs/`.
    static func prepare(cksync: String, keep: String?) throws -> (cksync: String, work: String, logs: String) {
        let binary = cksync.contains("/") ? FileIO.absolute(cksync) : cksync
        let work = try workDirectory(keep: keep)
        let logs = work + "/logs"
        try FileIO.makeDirectories(logs)
        return (binary, work, logs)
    }

    static func temporaryDirectory() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/cksync-bench.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw BenchError("cannot create a temporary directory in \(base): \(errnoText())")
        }
        return String(cString: made)
    }
}
