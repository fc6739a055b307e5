import Foundation

/// One row of a `sync` run: a measured step, or the setup one needs (reported, not judged).
public struct SyncStepResult: Codable, Sendable {
    /// Stable key for scripts ("firstPush", "firstPush.generate").
    public let key: String
    /// What the table shows.
    public let name: String
    /// "measured" or "setup".
    public let kind: String
    /// "ok", "failed" or "skipped".
    public var status: String = "ok"
    /// Wall-clock seconds (for several commands, the sum).
    public var seconds: Double?
    /// Peak RSS in MiB (the largest over the commands); nil for work done in process.
    public var peakRSSMiB: Double?
    /// Records the step moved, for its rate.
    public var records: Int?
    /// `records / seconds`.
    public var recordsPerSecond: Double?
    /// The target, as text ("≤ 10 s", "≥ 10000 records/s"); nil for setup.
    public var target: String?
    /// "pass", "fail", "info" (the target is set for a larger run: shown, not judged), or nil.
    public var verdict: String?
    /// Why it failed or was skipped: the child's status and the tail of its stderr.
    public var error: String?
    /// The command lines it ran (the first and last of a long series).
    public var commands: [String] = []
    /// The last lines (up to 3) its last command printed (a push's summary), for checking.
    public var lastOutputLine: String?
    /// Anything else worth a line under the row.
    public var note: String?

    public init(key: String, name: String, kind: String) {
        self.key = key
        self.name = name
        self.kind = kind
    }
}

/// Everything one `sync` run measured.
public struct SyncReport: Codable, Sendable {
    public var cksync: String
    /// N: new records of the first push (step 1) and of the signed push (step 4).
    public var records: Int
    /// M: the records of the 1 % change push (step 2).
    public var large: Int
    /// K: the syncs in the history `log` reads (step 3).
    public var syncs: Int
    /// The records of the small workspace step 3 pushes again and again.
    public var historyRecords: Int
    public var seed: UInt64
    public var timeoutSeconds: Double
    public var workDirectory: String
    public var kept: Bool
    public var steps: [SyncStepResult] = []
    public var loadAverageAtStart: [Double]?
    public var loadAverageAtEnd: [Double]?
    public var cores: Int?

    /// The step with `key`.
    public func step(_ key: String) -> SyncStepResult? { steps.first { $0.key == key } }

    /// True when a step (measured or setup) failed.
    public var anyFailed: Bool { steps.contains { $0.status == "failed" } }

    /// The report as one JSON document.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The report as a table for a person.
    public func text() -> String {
        var out: [String] = []
        out.append("cksync-bench sync: N = \(records) records (steps 1, 4), M = \(large) records (step 2), "
            + "K = \(syncs) syncs of a \(historyRecords)-record workspace (step 3), seed \(seed)")
        out.append("cksync: \(cksync)")
        out.append("")
        let nameWidth = max(steps.map(\.name.count).max() ?? 4, 4)
        let header = pad("step", nameWidth) + "  " + left("seconds", 9) + "  " + left("peak RSS MiB", 12) + "  "
            + left("records/s", 10) + "  " + pad("target", 20) + "  result"
        out.append(header)
        out.append(String(repeating: "-", count: header.count + 4))
        for step in steps {
            let seconds = step.seconds.map { String(format: "%.3f", $0) } ?? "-"
            let rss = step.peakRSSMiB.map { String(format: "%.1f", $0) } ?? "-"
            let rate = step.recordsPerSecond.map { String(format: "%.0f", $0) } ?? ""
            let result: String
            switch step.status {
            case "ok": result = step.verdict ?? (step.kind == "setup" ? "(setup)" : "ok")
            default: result = step.status
            }
            out.append(pad(step.name, nameWidth) + "  " + left(seconds, 9) + "  " + left(rss, 12) + "  "
                + left(rate, 10) + "  " + pad(step.target ?? "", 20) + "  " + result)
            if let note = step.note { out.append("    " + note) }
            if let line = step.lastOutputLine { out.append("    printed: " + line) }
            if let error = step.error { out.append("    " + error.replacingOccurrences(of: "\n", with: "\n    ")) }
        }
        if steps.contains(where: { $0.verdict == "info" }) {
            out.append("")
            out.append("(info: the target is set for the default sizes; a smaller run is shown, not judged)")
        }
        out.append("")
        func load(_ values: [Double]?) -> String {
            values.map { $0.map { String(format: "%.2f", $0) }.joined(separator: " ") } ?? "?"
        }
        out.append("load average (1, 5, 15 min): \(load(loadAverageAtStart)) at the start, "
            + "\(load(loadAverageAtEnd)) at the end, on \(cores ?? 0) cores")
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
