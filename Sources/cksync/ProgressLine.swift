import Foundation
import GitStore
import Snapshots
import Sync
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One self-rewriting line on stderr saying what a long step is doing, on a terminal only and
/// never with `--quiet` or `--json`. Each new step is drawn at once; updates within a step at most
/// ten times a second, since the steps report from many threads and far more often than that.
final class ProgressLine: Sendable {
    /// The line every command draws on; inactive until `activate` finds someone watching.
    static let shared = ProgressLine()

    private struct State {
        var active = false
        var step = ""
        var stepStarted = ContinuousClock.now
        var lastDrawn = ContinuousClock.now
        /// Whether the line holds text that `clear` must erase.
        var drawn = false
    }

    private let state = Mutex(State())

    /// Draws from now on when stderr is a terminal and the options allow it.
    func activate(_ options: GlobalOptions) {
        let watched = isatty(STDERR_FILENO) != 0 && !options.quiet && !options.json
        state.withLock { $0.active = watched }
    }

    /// The handler a workspace reports its steps to; `nil` when nobody would see them.
    var handler: WorkProgressHandler? {
        guard state.withLock({ $0.active }) else { return nil }
        return { [self] progress in draw(step: progress.step) { elapsed in Self.text(progress, elapsed: elapsed) } }
    }

    /// The apply step: records and batches done, rate and time left.
    func show(_ progress: ApplyProgress) {
        let rate = progress.elapsed > 0 ? Double(progress.operationsDone) / progress.elapsed : 0
        let remaining = rate > 0 ? Double(progress.operationsTotal - progress.operationsDone) / rate : 0
        draw(step: "Applying") { _ in
            "Applying: \(progress.operationsDone)/\(progress.operationsTotal) records, "
                + "\(progress.batchesDone)/\(progress.batchesTotal) batches, \(Int(rate)) records/s, "
                + "ETA \(Int(remaining.rounded()))s"
        }
    }

    /// A repack's stage and its count.
    func show(_ progress: RepackProgress) {
        let stage =
            switch progress.stage {
            case .countingObjects: "counting objects"
            case .writingPack: "writing the pack"
            }
        let count = progress.total > 0 ? "\(progress.done)/\(progress.total)" : "\(progress.done)"
        draw(step: "Packing: \(stage)") { _ in "Packing the snapshot repository: \(stage) \(count)" }
    }

    /// Erases the line, so that what a command prints next starts on a clean line.
    func clear() {
        state.withLock { state in
            guard state.drawn else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            state.drawn = false
        }
    }

    /// - Parameter text: the line, given how long the step has been going.
    private func draw(step: String, _ text: (Duration) -> String) {
        state.withLock { state in
            guard state.active else { return }
            let now = ContinuousClock.now
            if step != state.step {
                (state.step, state.stepStarted) = (step, now)
            } else if now - state.lastDrawn < .milliseconds(100) {
                return
            }
            state.lastDrawn = now
            state.drawn = true
            FileHandle.standardError.write(Data("\r\(text(now - state.stepStarted))\u{1B}[K".utf8))
        }
    }

    /// `Reading data/airports.csv: 45 MB of 120 MB, 38 MB/s`, `Fetching Airport from staging: 12000 records`.
    static func text(_ progress: WorkProgress, elapsed: Duration) -> String {
        func amount(_ count: Int) -> String {
            switch progress.unit {
            case .bytes: GarbageCollection.bytes(Int64(count))
            case .records: "\(count) record\(count == 1 ? "" : "s")"
            case .objects: "\(count) object\(count == 1 ? "" : "s")"
            }
        }
        switch (progress.done, progress.total) {
        case (0, nil): return progress.step + "…"
        case (0, let total?): return "\(progress.step) (\(amount(total)))…"
        case (let done, nil): return "\(progress.step): \(amount(done))"
        case (let done, let total?):
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let rate = progress.unit == .bytes && seconds >= 0.5 ? ", \(amount(Int(Double(done) / seconds)))/s" : ""
            return "\(progress.step): \(amount(done)) of \(amount(total))" + rate
        }
    }
}
