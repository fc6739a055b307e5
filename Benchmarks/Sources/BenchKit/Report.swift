import Foundation

/// One measured step of a run.
public struct StepResult: Codable, Sendable {
    /// Stable key for scripts ("cksyncFirstSnapshot").
    public let key: String
    /// What the table shows ("cksync snapshot (first)").
    public let name: String
    /// "ok", "failed" or "skipped".
    public var status: String = "ok"
    /// Wall-clock seconds (the sum over the step's commands; the median run's when it ran more
    /// than once).
    public var seconds: Double?
    /// Each run's seconds, in order (one for a step run once).
    public var runSeconds: [Double] = []
    /// Peak RSS in MiB (the largest over the step's commands); nil for in-process steps.
    public var peakRSSMiB: Double?
    /// Why it failed or was skipped.
    public var error: String?
    /// The command lines it ran.
    public var commands: [String] = []
    /// Short names of those commands ("git add").
    public var commandLabels: [String] = []
    /// Per-command seconds, in `commands` order.
    public var commandSeconds: [Double] = []
    /// The last line the step's last command printed (a diff's summary line), for checking.
    public var lastOutputLine: String?

    public init(key: String, name: String) {
        self.key = key
        self.name = name
    }
}

/// A target from the issue and how this run compares with it.
public struct TargetCheck: Codable, Sendable {
    public let name: String
    public let value: Double?
    public let limit: Double
    public let unit: String
    /// "pass", "fail", "info" (target is set for another size: shown, not judged) or "n/a".
    public let verdict: String
}

/// Everything one `run` measured.
public struct BenchReport: Codable, Sendable {
    public var records: Int
    public var fraction: Double
    public var seed: UInt64
    public var format: String
    public var types: Int
    public var cksync: String?
    public var workDirectory: String
    public var kept: Bool
    public var mutation: [MutationSummary] = []
    public var baselineFilesChanged: BaselineTree.UpdateCounts?
    public var steps: [StepResult] = []
    /// (cksync snapshot + diff --stat after the change) / (git add + commit + diff after the change).
    public var ratio: Double?
    public var targets: [TargetCheck] = []
    /// 1-minute load average when the run started and when it ended, and the number of
    /// cores: a busy machine skews every time above.
    public var loadAverageAtStart: Double?
    public var loadAverageAtEnd: Double?
    public var cores: Int?

    /// The step with `key`.
    public func step(_ key: String) -> StepResult? { steps.first { $0.key == key } }

    /// Fills `ratio` and `targets` from the steps.
    public mutating func evaluate() {
        let cksyncAfter = step(StepKey.cksyncAfterChange)
        let gitAfter = step(StepKey.gitAfterChange)
        if let a = cksyncAfter?.seconds, cksyncAfter?.status == "ok",
            let b = gitAfter?.seconds, gitAfter?.status == "ok", b > 0
        {
            ratio = a / b
        }
        let judged = records >= 1_000_000
        func check(_ name: String, _ value: Double?, _ limit: Double, _ unit: String, sized: Bool) -> TargetCheck {
            guard let value else {
                return TargetCheck(name: name, value: nil, limit: limit, unit: unit, verdict: "n/a")
            }
            let verdict = sized && !judged ? "info" : (value <= limit ? "pass" : "fail")
            return TargetCheck(name: name, value: value, limit: limit, unit: unit, verdict: verdict)
        }
        let first = step(StepKey.cksyncFirstSnapshot)
        let status = step(StepKey.cksyncStatus)
        targets = [
            check("after-change ratio cksync/git (1M records)", ratio, 0.15, "", sized: true),
            check(
                "first snapshot time (1M records)", first?.status == "ok" ? first?.seconds : nil, 15, "s", sized: true),
            check(
                "first snapshot peak RSS (1M records)", first?.status == "ok" ? first?.peakRSSMiB : nil, 1536, "MiB",
                sized: true),
            check(
                "status, nothing changed (1M records)", status?.status == "ok" ? status?.seconds : nil, 3, "s",
                sized: true),
        ]
    }

    /// The report as one JSON document.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The report as a table for a person.
    public func text() -> String {
        var out: [String] = []
        out.append(
            "cksync-bench: \(records) records, fraction \(fraction), seed \(seed), format \(format), types \(types)")
        for summary in mutation {
            out.append(
                "  mutation \(summary.type): \(summary.before) → \(summary.after) records "
                    + "(\(summary.modified) modified, \(summary.added) added, \(summary.deleted) deleted)")
        }
        out.append("")
        let nameWidth = max(steps.map(\.name.count).max() ?? 4, 4)
        out.append(pad("step", nameWidth) + "  " + left("seconds", 9) + "  " + left("peak RSS MiB", 12) + "  status")
        out.append(String(repeating: "-", count: nameWidth + 2 + 9 + 2 + 12 + 2 + 6))
        for step in steps {
            let seconds = step.seconds.map { String(format: "%.3f", $0) } ?? "-"
            let rss = step.peakRSSMiB.map { String(format: "%.1f", $0) } ?? "-"
            var line = pad(step.name, nameWidth) + "  " + left(seconds, 9) + "  " + left(rss, 12) + "  " + step.status
            if let error = step.error { line += ": " + error.replacingOccurrences(of: "\n", with: "\n    ") }
            out.append(line)
            // The commands of a multi-command step, each with its own time.
            if step.commands.count > 1 {
                for (command, seconds) in zip(step.commandLabels, step.commandSeconds) {
                    out.append(pad("  " + command, nameWidth) + "  " + left(String(format: "%.3f", seconds), 9))
                }
            }
        }
        let outputs = steps.filter { $0.lastOutputLine != nil }
        if !outputs.isEmpty {
            out.append("")
            for step in outputs { out.append("\(step.name) printed: \(step.lastOutputLine ?? "")") }
        }
        if let changed = baselineFilesChanged {
            out.append("baseline files after the change: \(changed.written) written, \(changed.removed) removed")
        }
        out.append("")
        out.append("targets:")
        for target in targets {
            let value = target.value.map { String(format: target.unit.isEmpty ? "%.3f" : "%.2f", $0) } ?? "-"
            let limit = String(format: target.unit.isEmpty ? "%.2f" : "%.0f", target.limit)
            let unit = target.unit.isEmpty ? "" : " " + target.unit
            out.append(
                "  " + pad(target.name, 46) + " " + left(value, 9) + unit + "  (≤ \(limit)\(unit))  \(target.verdict)")
        }
        if targets.contains(where: { $0.verdict == "info" }) {
            out.append("  (info: the target is set for 1,000,000 records; shown, not judged)")
        }
        out.append("")
        if let start = loadAverageAtStart, let end = loadAverageAtEnd {
            out.append(
                String(format: "load average %.2f at the start, %.2f at the end, on %d cores", start, end, cores ?? 0))
        }
        out.append("work directory: \(workDirectory)\(kept ? "" : " (removed)")")
        return out.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

/// Keys of the steps a run reports.
public enum StepKey {
    public static let generate = "generate"
    public static let cksyncFirstSnapshot = "cksyncFirstSnapshot"
    public static let cksyncStatus = "cksyncStatus"
    public static let baselineWriteInitial = "baselineWriteInitial"
    public static let gitInitial = "gitInitial"
    public static let mutate = "mutate"
    public static let cksyncAfterChange = "cksyncAfterChange"
    public static let baselineWriteChange = "baselineWriteChange"
    public static let gitAfterChange = "gitAfterChange"
}
