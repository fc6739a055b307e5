import Foundation

/// What `history` does.
public struct HistoryOptions: Sendable {
    /// The cksync binary.
    public var cksync: String
    /// The git CLI whose `git gc` is the baseline.
    public var git = "git"
    /// The airports of the workspace.
    public var records = 1_000_000
    /// K: the syncs of 1 % (`--only-modify`) after the first push.
    public var syncs = 100
    /// The fraction of the records each sync modifies.
    public var fraction = 0.01
    public var seed: UInt64 = 1
    /// Keep the work directory here instead of a temporary one that is removed.
    public var keep: String?
    /// Seconds one command may run before it is stopped.
    public var timeout: Double = 1800
    /// The cksync-bench executable (to generate and mutate in child processes); nil does it in process.
    public var benchExecutable: String?

    public init(cksync: String) { self.cksync = cksync }
}

/// The repository's objects after one step of a history.
public struct HistorySample: Codable, Sendable {
    /// "first push", "sync 3", …
    public var step: String
    /// Bytes of every file under `.cksync/repo/objects` (apparent sizes, as `du -sb` counts).
    public var bytes: Int64
    /// Complete packs (`.pack` files) in `objects/pack`.
    public var packs: Int
    /// Seconds of the push (nil for a sample that is not a push).
    public var seconds: Double?
}

/// One gc, cksync's or git's.
public struct HistoryGC: Codable, Sendable {
    public var name: String
    public var command: String
    public var seconds: Double?
    public var peakRSSMiB: Double?
    public var bytesBefore: Int64
    public var bytesAfter: Int64?
    public var packsAfter: Int?
    /// The last line of `git fsck` on the result, when it was checked.
    public var fsck: String?
    public var error: String?
}

/// Everything one `history` run measured.
public struct HistoryReport: Codable, Sendable {
    public var cksync: String
    public var records: Int
    public var syncs: Int
    public var fraction: Double
    public var seed: UInt64
    public var loadAverageAtStart: [Double]?
    public var loadAverageAtEnd: [Double]?
    public var samples: [HistorySample] = []
    /// `cksync gc` on a copy of the workspace right after the first push: the after-gc baseline.
    public var firstPushGC: HistoryGC?
    /// `cksync gc` on the workspace after the K syncs.
    public var cksyncGC: HistoryGC?
    /// `git gc` on a copy of the same repository, made before `cksync gc` ran.
    public var gitGC: HistoryGC?
    public var errors: [String] = []

    public var anyFailed: Bool {
        !errors.isEmpty || [firstPushGC, cksyncGC, gitGC].contains { $0?.error != nil }
    }

    /// Mean bytes a sync added before any gc: (objects after the last sync − after the first push) / K.
    public var growthPerSyncBeforeGC: Double? {
        guard let first = samples.first, let last = samples.last, samples.count > 1 else { return nil }
        return Double(last.bytes - first.bytes) / Double(samples.count - 1)
    }

    /// Mean bytes a sync adds to a gc'd repository: (gc'd size after K syncs − gc'd size after the
    /// first push) / K.
    public var growthPerSyncAfterGC: Double? {
        guard let base = firstPushGC?.bytesAfter, let end = cksyncGC?.bytesAfter, samples.count > 1 else { return nil }
        return Double(end - base) / Double(samples.count - 1)
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public func text() -> String {
        func megabytes(_ bytes: Int64?) -> String { bytes.map { String(format: "%.1f MB", Double($0) / 1e6) } ?? "-" }
        func load(_ values: [Double]?) -> String {
            values.map { $0.map { String(format: "%.2f", $0) }.joined(separator: " / ") } ?? "-"
        }
        var out = [
            "cksync-bench history: \(records) records, \(syncs) syncs of --fraction \(fraction) --only-modify, seed \(seed)",
            "cksync: \(cksync)",
            "",
            "| after | objects | packs | push s |",
            "| --- | ---: | ---: | ---: |",
        ]
        let shown = samples.count <= 12 ? samples : Array(samples.prefix(6)) + Array(samples.suffix(5))
        for (index, sample) in shown.enumerated() {
            if samples.count > 12 && index == 6 { out.append("| … | | | |") }
            out.append(
                "| \(sample.step) | \(megabytes(sample.bytes)) | \(sample.packs) | "
                    + (sample.seconds.map { String(format: "%.2f", $0) } ?? "-") + " |")
        }
        out.append("")
        out.append("| gc | s | peak MiB | objects before | after | packs after | fsck |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for gc in [firstPushGC, cksyncGC, gitGC].compactMap({ $0 }) {
            let seconds = gc.error ?? gc.seconds.map { String(format: "%.2f", $0) } ?? "-"
            out.append(
                "| \(gc.name) | \(seconds) | " + (gc.peakRSSMiB.map { String(format: "%.0f", $0) } ?? "-")
                    + " | \(megabytes(gc.bytesBefore)) | \(megabytes(gc.bytesAfter)) | "
                    + (gc.packsAfter.map { "\($0)" } ?? "-") + " | \(gc.fsck ?? "-") |")
        }
        out.append("")
        let perSync = growthPerSyncBeforeGC.map { String(format: "%.2f MB", $0 / 1e6) } ?? "-"
        let perSyncGC = growthPerSyncAfterGC.map { String(format: "%.2f MB", $0 / 1e6) } ?? "-"
        out.append("growth per sync: before gc \(perSync) (target ≤ 15 MB), after gc \(perSyncGC) (target ≤ 5 MB)")
        if let ours = cksyncGC, let git = gitGC, let a = ours.bytesAfter, let b = git.bytesAfter, b > 0,
            let s = ours.seconds, let t = git.seconds, t > 0
        {
            out.append(
                String(
                    format: "cksync gc vs git gc: size %.3f× (target ≤ 1.1×), time %.3f× (target ≤ 1×)",
                    Double(a) / Double(b), s / t))
        }
        out.append("load average at start \(load(loadAverageAtStart)), at end \(load(loadAverageAtEnd))")
        for error in errors { out.append("error: \(error)") }
        return out.joined(separator: "\n")
    }
}

/// Repository growth over a history of 1 % syncs, and `cksync gc` against `git gc` on a copy of
/// the same repository (issue 14's gc rows).
///
/// Generates the workspace with automatic gc off, pushes it once (setup), then K times mutates
/// `fraction` of the records (`--only-modify`, seed S + i) and pushes to the local remote,
/// sampling the size of `.cksync/repo/objects` after each push. A copy of the workspace's state
/// right after the first push is gc'd to give the after-gc baseline; after the last sync the
/// repository is copied, and `cksync gc` (on the workspace) and `git gc` (on the copy) are timed.
public final class HistoryRunner {
    private let options: HistoryOptions
    private let log: (String) -> Void
    private let cksync: String
    private let work: String
    private let logs: String
    private var report: HistoryReport

    public init(options: HistoryOptions, log: @escaping (String) -> Void) throws {
        guard options.records > 0, options.syncs > 0, options.fraction > 0, options.fraction <= 1 else {
            throw BenchError("--records and --syncs must be positive, --fraction in (0, 1]")
        }
        self.options = options
        self.log = log
        (cksync, work, logs) = try Runner.prepare(cksync: options.cksync, keep: options.keep)
        report = HistoryReport(
            cksync: cksync, records: options.records, syncs: options.syncs, fraction: options.fraction,
            seed: options.seed)
    }

    public func run() -> HistoryReport {
        defer {
            if options.keep == nil {
                log("removing \(work)")
                try? FileManager.default.removeItem(atPath: work)
            }
        }
        report.loadAverageAtStart = SyncRunner.loadAverages()
        do {
            try history()
        } catch {
            report.errors.append("\(error)")
        }
        report.loadAverageAtEnd = SyncRunner.loadAverages()
        return report
    }

    private func history() throws {
        let workspace = work + "/workspace"
        let repository = workspace + "/.cksync/repo"
        log("generating \(options.records) records")
        if let bench = options.benchExecutable {
            try checked(
                "generate",
                [bench, "generate", "--records", "\(options.records)", "--seed", "\(options.seed)", "--out", workspace])
        } else {
            try Generator.generate(GenerateOptions(records: options.records, seed: options.seed), into: workspace)
        }
        // Every sync must leave its packs for the figures; the gc is timed on its own at the end.
        try FileIO.write(
            try String(contentsOfFile: workspace + "/cksync.toml", encoding: .utf8)
                + "\n[gc]\nauto = false\n", to: workspace + "/cksync.toml")
        log("first push (setup)")
        let first = try checked("push-0", [cksync, "-C", workspace, "push", "--yes"])
        report.samples.append(try sample("first push", repository, seconds: first.seconds))

        // The after-gc baseline: gc a copy of the workspace's state, not the workspace, so the syncs
        // below run on the repository as automatic-gc-off users have it.
        let copy = work + "/first-push-gc"
        try FileIO.makeDirectories(copy)
        try checked("copy-first", ["cp", "-a", workspace + "/cksync.toml", workspace + "/.cksync", copy + "/"])
        report.firstPushGC = gc(
            "cksync gc after the first push (copy)", [cksync, "-C", copy, "gc"],
            objects: copy + "/.cksync/repo/objects",
            fsck: nil)
        try FileManager.default.removeItem(atPath: copy)

        for sync in 1...options.syncs {
            let seed = options.seed &+ UInt64(sync)
            if let bench = options.benchExecutable {
                try checked(
                    "mutate-\(sync)",
                    [
                        bench, "mutate", "--in", workspace, "--fraction", "\(options.fraction)", "--seed", "\(seed)",
                        "--only-modify",
                    ])
            } else {
                _ = try Mutator.mutate(directory: workspace, fraction: options.fraction, seed: seed, onlyModify: true)
            }
            let push = try checked("push-\(sync)", [cksync, "-C", workspace, "push", "--yes"])
            let taken = try sample("sync \(sync)", repository, seconds: push.seconds)
            report.samples.append(taken)
            let previous = report.samples[report.samples.count - 2].bytes
            log(
                String(
                    format: "  sync %d: %.2f s, objects %.1f MB (+%.1f MB), %d packs", sync, push.seconds,
                    Double(taken.bytes) / 1e6, Double(taken.bytes - previous) / 1e6, taken.packs))
        }

        let gitCopy = work + "/git-gc.git"
        try checked("copy-last", ["cp", "-a", repository, gitCopy])
        report.cksyncGC = gc(
            "cksync gc after \(options.syncs) syncs", [cksync, "-C", workspace, "gc"], objects: repository + "/objects",
            fsck: repository)
        report.gitGC = gc(
            "git gc on a copy", [options.git, "--git-dir", gitCopy, "gc", "--quiet"], objects: gitCopy + "/objects",
            fsck: nil)
    }

    /// Times one gc and measures the objects before and after; `fsck`: a repository to check afterwards.
    private func gc(_ name: String, _ arguments: [String], objects: String, fsck: String?) -> HistoryGC {
        var result = HistoryGC(
            name: name, command: arguments.joined(separator: " "), bytesBefore: (try? Self.bytes(under: objects)) ?? 0)
        log("\(name): \(arguments.joined(separator: " "))")
        do {
            let run = try ChildProcess.run(
                arguments, stdoutPath: logs + "/\(name.filter(\.isLetter)).out",
                stderrPath: logs + "/\(name.filter(\.isLetter)).err", timeout: options.timeout)
            guard run.succeeded else {
                result.error = "\(run.statusText): \(run.stderrTail())"
                return result
            }
            result.seconds = run.seconds
            result.peakRSSMiB = Double(run.peakRSSKiB) / 1024
            result.bytesAfter = try Self.bytes(under: objects)
            result.packsAfter = try Self.packs(in: objects)
            if let fsck {
                let check = try ChildProcess.run(
                    [options.git, "--git-dir", fsck, "fsck", "--no-dangling"], stdoutPath: logs + "/fsck.out",
                    stderrPath: logs + "/fsck.err", timeout: options.timeout)
                result.fsck = check.succeeded ? "clean" : "\(check.statusText): \(check.stderrTail())"
            }
            log(
                String(
                    format: "  %.2f s, %.1f MB → %.1f MB", run.seconds, Double(result.bytesBefore) / 1e6,
                    Double(result.bytesAfter ?? 0) / 1e6))
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    /// Runs a setup command that must succeed.
    @discardableResult
    private func checked(_ key: String, _ arguments: [String]) throws -> ChildResult {
        let result = try ChildProcess.run(
            arguments, stdoutPath: logs + "/\(key).out", stderrPath: logs + "/\(key).err", timeout: options.timeout)
        guard result.succeeded else {
            throw BenchError("\(arguments.joined(separator: " ")) \(result.statusText): \(result.stderrTail())")
        }
        return result
    }

    private func sample(_ step: String, _ repository: String, seconds: Double?) throws -> HistorySample {
        HistorySample(
            step: step, bytes: try Self.bytes(under: repository + "/objects"),
            packs: try Self.packs(in: repository + "/objects"), seconds: seconds)
    }

    /// The apparent size of every regular file under `directory`.
    static func bytes(under directory: String) throws -> Int64 {
        var total: Int64 = 0
        guard let walk = FileManager.default.enumerator(atPath: directory) else {
            throw BenchError("cannot list \(directory)")
        }
        while let relative = walk.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + relative)
            if attributes[.type] as? FileAttributeType == .typeRegular {
                total += (attributes[.size] as? NSNumber)?.int64Value ?? 0
            }
        }
        return total
    }

    static func packs(in objects: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: objects + "/pack").filter { $0.hasSuffix(".pack") }.count
    }
}
