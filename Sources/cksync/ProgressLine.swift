import Foundation
import Sync

/// One self-rewriting progress line on stderr: records, batches, rate, ETA.
enum ProgressLine {
    static func show(_ progress: ApplyProgress) {
        let rate = progress.elapsed > 0 ? Double(progress.operationsDone) / progress.elapsed : 0
        let remaining = rate > 0 ? Double(progress.operationsTotal - progress.operationsDone) / rate : 0
        let text = "\r\(progress.operationsDone)/\(progress.operationsTotal) records, "
            + "\(progress.batchesDone)/\(progress.batchesTotal) batches, \(Int(rate)) records/s, ETA \(Int(remaining.rounded()))s"
        FileHandle.standardError.write(Data((text + "\u{1B}[K").utf8))
    }

    static func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
