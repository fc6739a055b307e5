import BenchKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
usage:
  cksync-bench generate --records N --seed S --out DIR [--format csv|json|jsonl] [--types 1|2]
  cksync-bench mutate --in DIR --fraction P --seed S [--only-modify]
  cksync-bench run --records N --fraction P --seed S [--cksync PATH] [--keep DIR]
                   [--format csv|json|jsonl] [--types 1|2] [--git PATH] [--json]
  cksync-bench sync --cksync PATH [--records N] [--large M] [--syncs K] [--history-records H]
                    [--seed S] [--keep DIR] [--timeout SECONDS] [--steps 1,2,3,4,5] [--git PATH]
                    [--latency-records P] [--latency-changes C] [--latency MS] [--json]
  cksync-bench scale --cksync PATH [--records 1m,10m] [--changes C] [--seed S] [--keep DIR]
                     [--timeout SECONDS] [--json]
  cksync-bench assets --cksync PATH [--files N] [--file-size BYTES] [--repeats R] [--seed S]
                      [--push-files N] [--push-file-size BYTES] [--keep DIR] [--timeout SECONDS] [--json]

generate  writes DIR/cksync.toml and DIR/data/… (deterministic for a seed)
mutate    changes the data files in place: of a fraction P of the records, a third
          modified, a third deleted, and as many added; --only-modify: the whole
          fraction P modified, nothing deleted or added
run       generates, times cksync (first snapshot, status, snapshot + diff --stat after a
          mutation) and a git-CLI baseline on the same records, and prints the figures;
          without --cksync only the git baseline runs
sync      times cksync's sync commands, each step with its peak RSS:
          1. first push of N new records (default 100k) to the local remote
          2. push of 1 % modified records out of M (default 1m), snapshot included
          3. log and blame over a history of K syncs (default 1000) of H records (default 100k),
             each against git log on the same repository
          4. signed push of N new records to `cksync serve` on loopback, and a fetch
          5. push of C changes (default 2500) out of P records (default 28k) to `cksync serve
             --latency MS` (default 50), against querying everything and writing what differs
scale     for each size (default 1m, then 10m): first snapshot, status with nothing changed,
          and snapshot + diff --stat after C records (default 10000) modified; each time as a
          ratio to the first size's, in the same run
assets    status on an unchanged workspace of N records (default 10000) each naming a file
          of its own (an ASSET field), against the same data without the field, in one run;
          then status after one file changed; then a signed push of other files (default 1000
          of 300000 bytes) to `cksync serve` on loopback, and its throughput in MB/s
history   repository growth over K syncs (default 100) of 1 % of N records (default 1m) pushed
          to the local remote with automatic gc off, then `cksync gc` against `git gc` on a
          copy of the same repository
"""

/// Progress goes to stderr; results to stdout.
func note(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

/// This program's own path (to run its generator and mutator as children), or nil.
func selfExecutable() -> String? {
    #if os(Linux)
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if length > 0 {
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    #endif
    let first = CommandLine.arguments[0]
    return first.contains("/") ? FileIO.absolute(first) : nil
}

func main() -> Int32 {
    let arguments = CommandLine.arguments.dropFirst()
    guard let command = arguments.first else {
        note(usage)
        return 2
    }
    let rest = arguments.dropFirst()
    do {
        switch command {
        case "generate":
            let parsed = try Arguments(rest, options: ["records", "seed", "out", "format", "types"], flags: [])
            let options = GenerateOptions(records: try parsed.int("records"), seed: try parsed.seed(),
                                          format: try parsed.format(), types: try parsed.int("types", default: 1))
            let out = try parsed.required("out")
            let clock = ContinuousClock()
            let start = clock.now
            let counts = try Generator.generate(options, into: out)
            let elapsed = start.duration(to: clock.now)
            for (type, records) in counts { print("\(type): \(records) records") }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            note("generated \(out) in \((seconds * 1000).rounded() / 1000) s")
        case "mutate":
            let parsed = try Arguments(rest, options: ["in", "fraction", "seed"], flags: ["only-modify"])
            let summaries = try Mutator.mutate(directory: try parsed.required("in"),
                                               fraction: try parsed.double("fraction"), seed: try parsed.seed(),
                                               onlyModify: parsed.flag("only-modify"))
            for summary in summaries {
                print("\(summary.type): \(summary.modified) modified, \(summary.added) added, "
                    + "\(summary.deleted) deleted (\(summary.before) → \(summary.after) records)")
            }
        case "run":
            let parsed = try Arguments(rest, options: ["records", "fraction", "seed", "cksync", "keep", "format", "types", "git"],
                                       flags: ["json"])
            var options = RunOptions(records: try parsed.int("records"), fraction: try parsed.double("fraction"),
                                     seed: try parsed.seed())
            options.format = try parsed.format()
            options.types = try parsed.int("types", default: 1)
            options.cksync = parsed.string("cksync")
            options.keep = parsed.string("keep")
            if let git = parsed.string("git") { options.git = git }
            let runner = try Runner(options: options, log: note)
            let report = try runner.run()
            print(parsed.flag("json") ? try report.json() : report.text())
            let failed = report.steps.contains { $0.status == "failed" }
            return failed ? 1 : 0
        case "sync":
            let parsed = try Arguments(rest, options: ["cksync", "records", "large", "syncs", "history-records", "seed",
                                                       "keep", "timeout", "steps", "git", "latency-records", "latency-changes",
                                                       "latency"],
                                       flags: ["json"])
            var options = SyncOptions(cksync: try parsed.required("cksync"))
            options.records = try parsed.int("records", default: options.records)
            options.large = try parsed.int("large", default: options.large)
            options.syncs = try parsed.int("syncs", default: options.syncs)
            options.historyRecords = try parsed.int("history-records", default: options.historyRecords)
            options.latencyRecords = try parsed.int("latency-records", default: options.latencyRecords)
            options.latencyChanges = try parsed.int("latency-changes", default: options.latencyChanges)
            options.latencyMilliseconds = try parsed.int("latency", default: options.latencyMilliseconds)
            if let git = parsed.string("git") { options.git = git }
            if parsed.string("seed") != nil { options.seed = try parsed.seed() }
            options.keep = parsed.string("keep")
            if parsed.string("timeout") != nil { options.timeout = try parsed.double("timeout") }
            if let steps = parsed.string("steps") {
                let numbers = steps.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil && (1...5).contains($0!) }) else {
                    throw BenchError("--steps: a comma-separated list of 1, 2, 3, 4, 5, not \(steps)")
                }
                options.steps = Set(numbers.compactMap { $0 })
            }
            options.benchExecutable = selfExecutable()
            let report = try SyncRunner(options: options, log: note).run()
            print(parsed.flag("json") ? try report.json() : report.text())
            return report.anyFailed ? 1 : 0
        case "scale":
            let parsed = try Arguments(rest, options: ["cksync", "records", "changes", "seed", "keep", "timeout"],
                                       flags: ["json"])
            var options = ScaleOptions(cksync: try parsed.required("cksync"))
            if let sizes = parsed.string("records") {
                options.sizes = try sizes.split(separator: ",").map { size in
                    try Arguments(["--records", String(size)], options: ["records"], flags: []).int("records")
                }
            }
            options.changes = try parsed.int("changes", default: options.changes)
            guard options.sizes.allSatisfy({ $0 >= options.changes && $0 > 0 }) else {
                throw BenchError("--records: every size must be at least --changes")
            }
            if parsed.string("seed") != nil { options.seed = try parsed.seed() }
            options.keep = parsed.string("keep")
            if parsed.string("timeout") != nil { options.timeout = try parsed.double("timeout") }
            let report = try ScaleRunner(options: options, log: note).run()
            print(parsed.flag("json") ? try report.json() : report.text())
            return report.anyFailed ? 1 : 0
        case "assets":
            let parsed = try Arguments(rest, options: ["cksync", "files", "file-size", "repeats", "seed", "keep",
                                                       "timeout", "push-files", "push-file-size"],
                                       flags: ["json"])
            var options = AssetStatusOptions(cksync: try parsed.required("cksync"))
            options.files = try parsed.int("files", default: options.files)
            options.fileSize = try parsed.int("file-size", default: options.fileSize)
            options.repeats = try parsed.int("repeats", default: options.repeats)
            options.pushFiles = try parsed.int("push-files", default: options.pushFiles)
            options.pushFileSize = try parsed.int("push-file-size", default: options.pushFileSize)
            guard options.files > 0, options.fileSize > 0, options.repeats > 0, options.pushFiles >= 0,
                options.pushFileSize > 0
            else {
                throw BenchError("--files, --file-size, --repeats and --push-file-size must be positive, --push-files ≥ 0")
            }
            if parsed.string("seed") != nil { options.seed = try parsed.seed() }
            options.keep = parsed.string("keep")
            if parsed.string("timeout") != nil { options.timeout = try parsed.double("timeout") }
            let report = try AssetStatusRunner(options: options, log: note).run()
            print(parsed.flag("json") ? try report.json() : report.text())
            return report.anyFailed ? 1 : 0
        case "history":
            let parsed = try Arguments(rest, options: ["cksync", "records", "syncs", "fraction", "seed", "keep",
                                                       "timeout", "git"],
                                       flags: ["json"])
            var options = HistoryOptions(cksync: try parsed.required("cksync"))
            options.records = try parsed.int("records", default: options.records)
            options.syncs = try parsed.int("syncs", default: options.syncs)
            if parsed.string("fraction") != nil { options.fraction = try parsed.double("fraction") }
            if parsed.string("seed") != nil { options.seed = try parsed.seed() }
            if parsed.string("timeout") != nil { options.timeout = try parsed.double("timeout") }
            if let git = parsed.string("git") { options.git = git }
            options.keep = parsed.string("keep")
            options.benchExecutable = selfExecutable()
            let report = try HistoryRunner(options: options, log: note).run()
            print(parsed.flag("json") ? try report.json() : report.text())
            return report.anyFailed ? 1 : 0
        case "-h", "--help", "help":
            print(usage)
        default:
            note("unknown command \(command)\n\n" + usage)
            return 2
        }
    } catch {
        note("cksync-bench: \(error)")
        return 2
    }
    return 0
}

exit(main())
