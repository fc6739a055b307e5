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
    /// The files of the push to `cksync serve` (0: no push), and the size of each.
    public var pushFiles: Int = 1_000
    public var pushFileSize: Int = 300_000
    public var seed: UInt64 = 1
    public var keep: String?
    public var timeout: Double = 600

    public init(cksync: String) { self.cksync = cksync }
}

/// The figures of `assets`: first snapshots, then `status` on the unchanged workspace with and
/// without the ASSET field (the baseline, in the same run), and after one file changed; then a
/// signed push of other files to `cksync serve` on loopback, and its throughput.
public struct AssetStatusReport: Codable, Sendable {
    public var files: Int
    public var fileSize: Int
    public var repeats: Int
    public var pushFiles: Int
    public var pushFileSize: Int
    /// The pushed files' bytes over the push's wall-clock time (snapshot not included), in MB/s.
    public var pushMegabytesPerSecond: Double?
    /// The same files' bytes over their first snapshot's time, in MB/s.
    public var snapshotMegabytesPerSecond: Double?
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
        if let push = pushMegabytesPerSecond, let snapshot = snapshotMegabytesPerSecond {
            lines.append("")
            lines.append(
                String(format: "push to cksync serve: %.1f MB/s; first snapshot of the same files: %.1f MB/s", push, snapshot))
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
        var report = AssetStatusReport(
            files: options.files, fileSize: options.fileSize, repeats: options.repeats, pushFiles: options.pushFiles,
            pushFileSize: options.pushFileSize)
        report.loadAverageAtStart = Runner.loadAverage()
        log("generating \(options.files) files of \(options.fileSize) bytes")
        try generate(into: workspace, files: options.files, fileSize: options.fileSize, stream: 0)

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
        try FileIO.write(Self.fileBytes(&random, size: options.fileSize), to: workspace + "/images/0.bin")
        step("statusOneChanged", "cksync status (1 file changed)", withAssets + ["status"])

        if options.pushFiles > 0, !failed {
            let pushed = work + "/push"
            let bytes = Double(options.pushFiles * options.pushFileSize)
            let size = String(format: "%.0f MB", bytes / 1e6)
            log("generating \(options.pushFiles) files of \(options.pushFileSize) bytes to push")
            try generate(into: pushed, files: options.pushFiles, fileSize: options.pushFileSize, stream: 1)
            step("pushKey", "cksync key new (setup)", [cksync, "-C", pushed, "key", "new", "--out", pushed + "/eckey.pem"])
            let server = try ChildProcess.start(
                [cksync, "serve", "--port", "0", "--key", "bench=\(pushed)/eckey.pub.pem", "--data", pushed + "/serve.sqlite"],
                stdoutPath: logs + "/serve.out", stderrPath: logs + "/serve.err")
            defer { _ = server.stop() }
            let line = try server.firstLine(timeout: 60)
            guard let start = line.range(of: "http://") else { throw BenchError("cksync serve said: \(line)") }
            let endpoint = line[start.lowerBound...].trimmingCharacters(in: .whitespaces)
            try FileIO.write(
                try FileIO.read(pushed + "/cksync.toml") + SyncRunner.serveRemote(endpoint: endpoint),
                to: pushed + "/cksync.toml")
            let pushing = [cksync, "-C", pushed, "--remote", "serve"]
            step("pushSnapshot", "cksync snapshot (first, \(options.pushFiles) files, \(size))", pushing + ["snapshot"])
            step("push", "cksync push to cksync serve (\(options.pushFiles) files, \(size))", pushing + ["push", "--yes"])
            let seconds = { (key: String) in report.steps.first { $0.key == key && $0.status == "ok" }?.seconds }
            report.snapshotMegabytesPerSecond = seconds("pushSnapshot").map { bytes / $0 / 1e6 }
            report.pushMegabytesPerSecond = seconds("push").map { bytes / $0 / 1e6 }
        }
        report.loadAverageAtEnd = Runner.loadAverage()
        return report
    }

    /// `size` bytes from `random`: incompressible, as images are.
    private static func fileBytes(_ random: inout SplitMix64, size: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + 8)
        while bytes.count < size {
            withUnsafeBytes(of: random.next()) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(size))
    }

    /// A workspace of `files` records, each naming a file of `fileSize` bytes of its own.
    private func generate(into workspace: String, files: Int, fileSize: Int, stream: UInt64) throws {
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
        var random = SplitMix64(seed: options.seed, stream: stream)
        var csv = "id,title,image\n"
        for index in 0..<files {
            try FileIO.write(Self.fileBytes(&random, size: fileSize), to: workspace + "/images/\(index).bin")
            csv += "item\(index),Item number \(index),\(index).bin\n"
        }
        try FileIO.write(csv, to: workspace + "/data/items.csv")
    }
}
