import Foundation
import GitStore
import Testing

/// Timing run by hand, never an assertion:
/// `CKSYNC_PERF=1000000 swift test -c release --filter GitStorePerformance`
@Suite("GitStore performance (CKSYNC_PERF=<records>)")
struct GitStorePerformance {
    static let records = Int(ProcessInfo.processInfo.environment["CKSYNC_PERF"] ?? "") ?? 0
    /// zlib level for the packs, `CKSYNC_PERF_LEVEL` (default 1, as `makeWriter()`).
    static let level = Int32(ProcessInfo.processInfo.environment["CKSYNC_PERF_LEVEL"] ?? "") ?? 1

    @Test(.enabled(if: records > 0)) func millionRecordSnapshot() throws {
        let count = Self.records
        var clock = ContinuousClock.now
        var cpuClock = Self.cpuSeconds()
        var lastCPU = 0.0
        func lap() -> Double {
            let now = ContinuousClock.now, cpuNow = Self.cpuSeconds()
            defer { (clock, cpuClock) = (now, cpuNow) }
            lastCPU = cpuNow - cpuClock
            let elapsed = now - clock
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        func seconds(_ wall: Double) -> String {
            String(format: "%.2f s (CPU %.2f s)", wall, lastCPU)
        }
        var files = Self.generate(count, changed: [])
        let generate = lap()
        let cpuBefore = Self.cpuSeconds()
        let inputRSS = Self.residentMiB()
        let size = files.reduce(0) { $0 + $1.content.count } / count

        try withRepository { repository in
            let writer = try repository.makeWriter(compressionLevel: Self.level)
            let tree = try writer.writeTree(files: files, base: nil)
            let treeTime = lap()
            let commit = try writer.commit(tree: tree, message: "snapshot of \(count) records")
            try writer.finish()
            try repository.updateReference("refs/heads/main", to: commit, expecting: nil, message: "snapshot")
            let first = treeTime + lap()
            let firstCPU = Self.cpuSeconds() - cpuBefore
            var firstUsage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &firstUsage)
            let firstPeak = firstUsage.ru_maxrss / 1024

            let changed = Set(stride(from: 0, to: count, by: 100))
            files = Self.generate(count, changed: changed)
            _ = lap()
            let next = try repository.makeWriter(compressionLevel: Self.level)
            let newTree = try next.writeTree(files: files, base: tree)
            let newCommit = try next.commit(tree: newTree, parents: [commit], message: "1% changed")
            try next.finish()
            try repository.updateReference("refs/heads/main", to: newCommit, expecting: commit, message: "snapshot")
            let incremental = lap()
            let incrementalText = seconds(incremental)
            let deltas = try repository.diffTrees(from: tree, to: newTree)
            let diff = lap()
            let diffText = seconds(diff)

            // The same 1% as a patch: only the changed records, only their subtrees read.
            var changes: [String: [UInt8]?] = [:]
            for n in changed { changes[files[n].path] = Array(files[n].content.reversed()) }
            _ = lap()
            let patcher = try repository.makeWriter(compressionLevel: Self.level)
            let patchedTree = try patcher.updateTree(newTree, changes: changes)
            let patchCommit = try patcher.commit(tree: patchedTree, parents: [newCommit], message: "1% patched")
            try patcher.finish()
            try repository.updateReference("refs/heads/main", to: patchCommit, expecting: newCommit, message: "patch")
            let patch = lap()
            let patchText = seconds(patch)

            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let packBytes = try FileManager.default.contentsOfDirectory(atPath: repository.path + "/objects/pack")
                .compactMap { try FileManager.default.attributesOfItem(atPath: repository.path + "/objects/pack/" + $0)[.size] as? Int }
                .reduce(0, +)
            print(
                """
                GitStore perf: \(count) records of ~\(size) bytes, zlib level \(Self.level) (generated in \(String(format: "%.2f", generate)) s)
                  first snapshot (hash, tree, pack, idx, commit, ref): \(String(format: "%.2f", first)) s (writeTree \(String(format: "%.2f", treeTime)) s, CPU user+sys \(String(format: "%.2f", firstCPU)) s)
                  1% incremental (\(changed.count) changed, base reused):  \(incrementalText)
                  1% as updateTree(changes:) (\(changes.count) paths):    \(patchText)
                  diffTrees (\(deltas.count) deltas):                   \(diffText)
                  packs on disk: \(packBytes / 1_048_576) MiB, RSS with the input generated \(inputRSS) MiB, peak after the first snapshot \(firstPeak) MiB, overall peak \(usage.ru_maxrss / 1024) MiB
                """)
            if ProcessInfo.processInfo.environment["CKSYNC_PERF_FSCK"] != nil {
                try git(in: repository, "fsck", "--strict", "--no-dangling")
            }
        }
    }

    /// User plus system CPU time of the process so far, all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Current resident set size from /proc/self/statm (Linux).
    static func residentMiB() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = Int(statm.split(separator: " ").dropFirst().first ?? "") ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// ~265-byte canonical-JSON-like records under `records/City/<xx>/`.
    static func generate(_ count: Int, changed: Set<Int>) -> [TreeFile] {
        let digits = Array("0123456789abcdef".utf8)
        return (0..<count).map { n in
            let name = "city-\(n)"
            let first = SHA1.hash(Array(name.utf8))[0]
            let fanout = String(decoding: [digits[Int(first >> 4)], digits[Int(first & 15)]], as: UTF8.self)
            let population = changed.contains(n) ? n + 1 : n
            let body = """
                {
                "country":{"type":"STRING","value":"GB"},
                "location":{"type":"LOCATION","value":{"latitude":51.4775,"longitude":-0.461389}},
                "name":{"type":"STRING","value":"\(name)"},
                "population":{"type":"INT64","value":\(population)},
                "timezone":{"type":"STRING","value":"Europe/London"}
                }

                """
            return TreeFile(path: "records/City/\(fanout)/\(name).json", content: Array(body.utf8))
        }
    }
}
