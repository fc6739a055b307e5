import Foundation

/// What `assets` does.
public struct AssetStatusOptions: Sendable {
    public var cksync: String
    /// How many records, each with one file of its own.
    public var files: Int = 10_000
    /// The size of each file, in bytes.
    public var fileSize: Int = 4096
    /// How many times each status is timed; the table shows the median.
    public var repeats: Int = 5
    public var seed: UInt64 = 1
    public var keep: String?
    public var timeout: Double = 600

    public init(cksync: String) { self.cksync = cksync }
}

/// The figures of `assets`: first snapshots, then `status` on the unchanged workspace with and
/// without the ASSET field (the baseline, in the same run), and after one file changed.
public struct AssetStatusReport: Codable, Sendable {
    public var files: Int
    public var fileSize: Int
    public var repeats: Int
    public var loadAverageAtStart: Double?
    public var loadAverageAtEnd: Double?
    public var steps: [StepResult] = []

    public var anyFailed: Bool { steps.contains { $0.status != "ok" } }

    public func text() -> String {
        var lines = [
            "assets: \(files) records with one \(fileSize)-byte file each; median of \(repeats) runs; load average "
                + String(format: "%.2f → %.2f", loadAverageAtStart ?? -1, loadAverageAtEnd ?? -1),
            "",
            "| step | s | peak MiB |",
            "| --- | ---: | ---: |",
        ]
        for step in steps {
            let seconds = step.status == "ok" ? String(format: "%.3f", step.seconds ?? 0) : step.error ?? step.status
            lines.append("| \(step.name) | \(seconds) | " + String(format: "%.1f", step.peakRSSMiB ?? 0) + " |")
        }
        return lines.joined(separator: "\n")
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Times `cksync status` on an unchanged workspace whose records each name a file of their own
/// (an ASSET field), against the same records and data file without that field: the cost of
/// checking that no file changed.
///
/// One workspace holds both: `cksync.toml` maps `Item` with the ASSET field, `baseline.toml` maps
/// the same data file as `ItemText` without it, so their caches do not meet.
public final class AssetStatusRunner {
    private let options: AssetStatusOptions
    private let log: (String) -> Void

    public init(options: AssetStatusOptions, log: @escaping (String) -> Void) {
        self.options = options
        self.log = log
    }

    public func run() throws -> AssetStatusReport {
        let work = try Runner.workDirectory(keep: options.keep)
        defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: work) } }
        let cksync = FileIO.absolute(options.cksync)
        let workspace = work + "/workspace"
        let logs = work + "/logs"
        try FileIO.makeDirectories(logs)
        var report = AssetStatusReport(files: options.files, fileSize: options.fileSize, repeats: options.repeats)
        report.loadAverageAtStart = Runner.loadAverage()
        log("generating \(options.files) files of \(options.fileSize) bytes")
        try generate(into: workspace)

        let withAssets = [cksync, "-C", workspace]
        let baseline = [cksync, "-C", workspace, "--config", "baseline.toml"]
        var failed = false
        func step(_ key: String, _ name: String, _ arguments: [String], repeats: Int = 1) {
            guard !failed else { return }
            var result = StepResult(key: key, name: name)
            result.commands.append(arguments.joined(separator: " "))
            var times: [Double] = []
            var peak = 0
            for run in 0..<repeats {
                let base = logs + "/\(key)-\(run + 1)"
                do {
                    let child = try ChildProcess.run(
                        arguments, stdoutPath: base + ".out", stderrPath: base + ".err", timeout: options.timeout)
                    guard child.succeeded else {
                        result.status = "failed"
                        result.error =
                            "\(arguments[3...].joined(separator: " ")) \(child.statusText): \(child.stderrTail())"
                        break
                    }
                    times.append(child.seconds)
                    peak = max(peak, child.peakRSSKiB)
                } catch {
                    result.status = "failed"
                    result.error = "\(error)"
                    break
                }
            }
            failed = result.status != "ok"
            result.seconds = times.sorted().dropFirst(times.count / 2).first
            result.peakRSSMiB = Double(peak) / 1024
            log(String(format: "  %@: %.3f s, %.1f MiB", name, result.seconds ?? 0, result.peakRSSMiB ?? 0))
            report.steps.append(result)
        }
        step("snapshotAssets", "cksync snapshot (first, \(options.files) files)", withAssets + ["snapshot"])
        step("snapshotBaseline", "cksync snapshot (first, baseline without the ASSET field)", baseline + ["snapshot"])
        // One status each first: the caches are written after the snapshot, and a file as new as
        // its cache entry is not trusted (racily clean) until a later save.
        step("warmAssets", "cksync status (warm-up)", withAssets + ["status"])
        step("warmBaseline", "cksync status (warm-up, baseline)", baseline + ["status"])
        step(
            "statusAssets", "cksync status (unchanged, \(options.files) files)", withAssets + ["status"],
            repeats: options.repeats)
        step("statusBaseline", "cksync status (unchanged, baseline)", baseline + ["status"], repeats: options.repeats)
        var random = SplitMix64(seed: options.seed, stream: 99)
        try FileIO.write(fileBytes(&random), to: workspace + "/images/0.bin")
        step("statusOneChanged", "cksync status (1 file changed)", withAssets + ["status"])
        report.loadAverageAtEnd = Runner.loadAverage()
        return report
    }

    private func fileBytes(_ random: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(options.fileSize + 8)
        while bytes.count < options.fileSize {
            withUnsafeBytes(of: random.next()) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(options.fileSize))
    }

    private func generate(into workspace: String) throws {
        try FileIO.makeDirectories(workspace + "/images")
        try FileIO.makeDirectories(workspace + "/data")
        let remote = """
            default-remote = "local"

            [remotes.local]
            kind = "local"
            path = ".cksync/local.sqlite"

            """
        try FileIO.write(
            remote + """
                [[types]]
                name = "Item"
                source = "data/items.csv"
                record-name = "{id}"
                assets = "images"

                [types.fields]
                title = "STRING"
                image = "ASSET"

                """, to: workspace + "/cksync.toml")
        try FileIO.write(
            remote + """
                [[types]]
                name = "ItemText"
                source = "data/items.csv"
                record-name = "{id}"

                [types.fields]
                title = "STRING"

                """, to: workspace + "/baseline.toml")
        var random = SplitMix64(seed: options.seed)
        var csv = "id,title,image\n"
        for index in 0..<options.files {
            try FileIO.write(fileBytes(&random), to: workspace + "/images/\(index).bin")
            csv += "item\(index),Item number \(index),\(index).bin\n"
        }
        try FileIO.write(csv, to: workspace + "/data/items.csv")
    }
}
