import Dispatch
import Foundation

/// Hashing and compressing many blobs (or patched trees) on all cores; only appending to the pack is serial.
enum BlobBatch {
    /// Below this many blobs, threads cost more than they save.
    private static let parallelThreshold = 2048
    /// Blobs compressed per round: bounds the memory held by compressed-but-unwritten data.
    private static let roundSize = 16384

    /// The blob id of every file's content, in order.
    static func ids(of files: [TreeFile]) -> [ObjectID] {
        let workers = files.count < parallelThreshold ? 1 : ProcessInfo.processInfo.activeProcessorCount
        return [ObjectID](unsafeUninitializedCapacity: files.count) { buffer, count in
            nonisolated(unsafe) let base = buffer.baseAddress
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in DeflateWorker.slice(worker, of: workers, count: files.count) {
                    let id = files[index].content.withUnsafeBytes { ObjectFormat.id(of: .blob, content: $0) }
                    (base! + index).initialize(to: id)
                }
            }
            count = files.count
        }
    }

    /// Compresses the blobs of `files[indices]` in parallel rounds and appends them to the pack.
    static func write(_ indices: [Int], of files: [TreeFile], ids: [ObjectID], to writer: ObjectWriter) throws {
        try write(indices.map { (ids[$0], files[$0].content) }, kind: .blob, to: writer)
    }

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
