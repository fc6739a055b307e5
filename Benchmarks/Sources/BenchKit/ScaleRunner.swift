import Foundation

/// What `scale` does.
public struct ScaleOptions: Sendable {
    public var cksync: String
    /// The sizes to run, smallest first; every ratio is to the first (the same-run baseline).
    public var sizes: [Int] = [1_000_000, 10_000_000]
    /// How many records are modified before the incremental snapshot, at every size.
    public var changes: Int = 10_000
    public var seed: UInt64 = 1
    public var keep: String?
    public var timeout: Double = 3600

    public init(cksync: String) { self.cksync = cksync }
}

/// One size's figures: first snapshot, status with nothing changed, snapshot + diff after changes.
public struct ScaleRow: Codable, Sendable {
    public var records: Int
    public var steps: [StepResult] = []
}

/// The scale report: every size's rows, and each step's time as a ratio to the first size's.
public struct ScaleReport: Codable, Sendable {
    public var changes: Int
    public var seed: UInt64
    public var loadAverageAtStart: Double?
    public var loadAverageAtEnd: Double?
    public var rows: [ScaleRow] = []

    public var anyFailed: Bool { rows.contains { $0.steps.contains { $0.status != "ok" } } }

    public func text() -> String {
        var lines = [
            "scale: \(changes) modified records at every size, seed \(seed); load average "
                + String(format: "%.2f → %.2f", loadAverageAtStart ?? -1, loadAverageAtEnd ?? -1),
            "",
            "| records | step | s | peak MiB | vs \(rows.first.map { "\($0.records)" } ?? "-") |",
            "| ---: | --- | ---: | ---: | ---: |",
        ]
        for row in rows {
            for (index, step) in row.steps.enumerated() {
                let base = rows.first.flatMap { index < $0.steps.count ? $0.steps[index].seconds : nil }
                let ratio = ratioOperands(step.seconds, base).map { String(format: "%.2f×", $0 / $1) } ?? "-"
                let seconds =
                    step.status == "ok" ? String(format: "%.3f", step.seconds ?? 0) : step.error ?? step.status
                lines.append(
                    "| \(row.records) | \(step.name) | \(seconds) | "
                        + String(format: "%.1f", step.peakRSSMiB ?? 0) + " | \(ratio) |")
            }
        }
        return lines.joined(separator: "\n")
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

private func ratioOperands(_ a: Double?, _ b: Double?) -> (Double, Double)? {
    guard let a, let b, b > 0 else { return nil }
    return (a, b)
}

/// Times cksync at several sizes in one run, one size after the other, each workspace removed
/// before the next is generated (10M records take several GB).
public final class ScaleRunner {
    private let options: ScaleOptions
    private let log: (String) -> Void

    public init(options: ScaleOptions, log: @escaping (String) -> Void) {
        self.options = options
        self.log = log
    }

    public func run() throws -> ScaleReport {
        let work = try Runner.workDirectory(keep: options.keep)
        defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: work) } }
        let cksync = FileIO.absolute(options.cksync)
        var report = ScaleReport(changes: options.changes, seed: options.seed)
        report.loadAverageAtStart = Runner.loadAverage()
        for size in options.sizes {
            let workspace = work + "/\(size)"
            let logs = work + "/logs-\(size)"
            try FileIO.makeDirectories(logs)
            log("generating \(size) records")
            try Generator.generate(GenerateOptions(records: size, seed: options.seed), into: workspace)
            var row = ScaleRow(records: size)
            /// Runs the step's commands `runs` times and keeps the median of the runs' sums; one run
            /// for the steps that change the workspace.
            func step(_ key: String, _ name: String, _ commands: [[String]], runs: Int = 1) -> Bool {
                // The writes before it (the 7 GB pack of a 10M first snapshot, the 1.15 GB source the
                // mutation rewrites) are flushed first, untimed: written back during the step, they
                // slowed the 10M rows 1.5–2× from one run to the next.
                sync()
                var result = StepResult(key: key, name: name)
                result.commands = commands.map { $0.joined(separator: " ") }
                var peak = 0
                runs: for run in 1...runs {
                    var seconds = 0.0
                    for (number, arguments) in commands.enumerated() {
                        let base = logs + "/\(key)-\(number + 1)" + (runs > 1 ? "-run\(run)" : "")
                        do {
                            let child = try ChildProcess.run(
                                arguments, stdoutPath: base + ".out", stderrPath: base + ".err",
                                timeout: options.timeout)
                            seconds += child.seconds
                            peak = max(peak, child.peakRSSKiB)
                            if !child.succeeded {
                                result.status = "failed"
                                result.error =
                                    "cksync \(arguments[3...].joined(separator: " ")) \(child.statusText): \(child.stderrTail())"
                                break runs
                            }
                        } catch {
                            result.status = "failed"
                            result.error = "\(error)"
                            break runs
                        }
                    }
                    result.runSeconds.append(seconds)
                }
                let sorted = result.runSeconds.sorted()
                result.seconds = sorted.isEmpty ? nil : sorted[sorted.count / 2]
                result.peakRSSMiB = Double(peak) / 1024
                log(
                    String(format: "  %d %@: %.3f s, %.1f MiB", size, name, result.seconds ?? 0, result.peakRSSMiB ?? 0)
                )
                row.steps.append(result)
                return result.status == "ok"
            }
            // `status` right after the first snapshot runs cold: on a machine that pages out what it
            // has not used for a minute, the Swift libraries and the indexes come back from the disk.
            // The warm row is the median of five runs after it: what `status` itself costs.
            if step("first", "cksync snapshot (first)", [[cksync, "-C", workspace, "snapshot"]]),
                step("status", "cksync status (unchanged, first)", [[cksync, "-C", workspace, "status"]]),
                step(
                    "statusWarm", "cksync status (unchanged, median of 5 after)",
                    [[cksync, "-C", workspace, "status"]],
                    runs: 5)
            {
                _ = try Mutator.mutate(
                    directory: workspace, fraction: Double(options.changes) / Double(size), seed: options.seed,
                    onlyModify: true)
                _ = step(
                    "after", "cksync snapshot+diff (after \(options.changes) changes)",
                    [
                        [cksync, "-C", workspace, "snapshot"],
                        [cksync, "-C", workspace, "diff", "--stat", "main~1", "main"],
                    ])
            }
            report.rows.append(row)
            if options.keep == nil { try? FileManager.default.removeItem(atPath: workspace) }
        }
        report.loadAverageAtEnd = Runner.loadAverage()
        return report
    }
}
