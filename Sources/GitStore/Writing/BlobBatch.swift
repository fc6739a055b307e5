import Dispatch
import Foundation

/// Compressing many blobs (or patched trees) on all cores; only appending to the pack is serial.
enum BlobBatch {
    /// Below this many blobs, threads cost more than they save (here and in `FileBlobs`).
    static let parallelThreshold = 2048
    /// Blobs compressed per round: bounds the memory held by compressed-but-unwritten data.
    private static let roundSize = 16384

    /// Compresses `objects` in parallel rounds and appends them to the pack.
    static func write(
        _ objects: [(id: ObjectID, content: [UInt8])], kind: ObjectFormat.Kind, to writer: ObjectWriter
    ) throws {
        guard objects.count >= parallelThreshold else {
            for object in objects {
                try object.content.withUnsafeBytes { try writer.append(id: object.id, kind: kind, content: $0) }
            }
            return
        }
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let outputs = try (0..<workers).map { _ in try DeflateWorker(level: writer.compressionLevel) }
        var start = 0
        while start < objects.count {
            let round = objects[start..<min(start + roundSize, objects.count)]
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                outputs[worker].compress(DeflateWorker.slice(worker, of: workers, count: round.count)) { offset, body in
                    try round[round.startIndex + offset].content.withUnsafeBytes(body)
                }
            }
            for (worker, output) in outputs.enumerated() {
                let part = DeflateWorker.slice(worker, of: workers, count: round.count)
                try output.forEachCompressed { number, deflated in
                    let object = round[round.startIndex + part.lowerBound + number]
                    try writer.appendDeflated(id: object.id, kind: kind, size: object.content.count, deflated: deflated)
                }
            }
            start += round.count
        }
    }
}
