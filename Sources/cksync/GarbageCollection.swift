import Foundation
import GitStore
import Snapshots

/// Repacking the snapshot repository: by `cksync gc`, or by a sync when the packs pile up (every
/// sync writes a few), as `git gc --auto` does after a commit.
enum GarbageCollection {
    /// More packs than this and a sync repacks (git's `gc.autoPackLimit`).
    static let automaticPackLimit = 50

    /// After a sync, with the workspace lock held: rewrites the packs it wrote (those not in
    /// `packsAtStart`) into one with deltas, then repacks everything when `[gc] auto` allows it
    /// and the repository has more than `automaticPackLimit` packs, and says so in one line on
    /// stderr. A failure is reported, not thrown: the sync itself is done and recorded.
    static func afterSync(_ workspace: Workspace, packsAtStart: Set<String>, output: Output) {
        do {
            _ = try workspace.repository.consolidatePacks(writtenSince: packsAtStart)
            guard workspace.configuration.automaticGC,
                try workspace.repository.objectStorage().packs > automaticPackLimit
            else { return }
            let report = try repack(workspace)
            guard !output.options.quiet else { return }
            FileHandle.standardError.write(
                Data(
                    ("note: packed the snapshot repository: " + summary(report)
                        + " (`cksync gc` does it by hand; `[gc] auto = false` in cksync.toml turns this off)\n").utf8))
        } catch {
            output.error("packing the snapshot repository failed (the sync itself is recorded): \(error)")
        }
    }

    /// Repacks with progress on the progress line, when it is watched.
    static func repack(_ workspace: Workspace) throws -> RepackReport {
        defer { ProgressLine.shared.clear() }
        var progress: (@Sendable (RepackProgress) -> Void)?
        if workspace.progress != nil { progress = { ProgressLine.shared.show($0) } }
        return try workspace.repository.repack(progress: progress)
    }

    /// `3,012 packs and 12 loose objects, 1.2 GB → 1 pack, 131 MB`
    static func summary(_ report: RepackReport) -> String {
        "\(describe(report.before)) → \(describe(report.after))"
    }

    static func describe(_ storage: ObjectStorage) -> String {
        let packs = storage.packs == 1 ? "1 pack" : "\(storage.packs) packs"
        let loose = storage.looseObjects == 0 ? "" : " and \(storage.looseObjects) loose objects"
        return packs + loose + ", " + bytes(storage.bytes)
    }

    /// `131 MB`, in powers of 1000 as `du --si` counts.
    static func bytes(_ count: Int64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) bytes" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
    }
}
