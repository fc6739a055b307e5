import Dispatch
import Foundation

/// Hashing and compressing many blobs on all cores; only appending to the pack is serial.
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
                for index in slice(worker, of: workers, count: files.count) {
                    let id = files[index].content.withUnsafeBytes { ObjectFormat.id(of: .blob, content: $0) }
                    (base! + index).initialize(to: id)
                }
            }
            count = files.count
        }
    }

    /// Compresses the blobs of `files[indices]` in parallel rounds and appends them to the pack.
    static func write(_ indices: [Int], of files: [TreeFile], ids: [ObjectID], to writer: ObjectWriter) throws {
        guard indices.count >= parallelThreshold else {
            for index in indices {
                try files[index].content.withUnsafeBytes { try writer.append(id: ids[index], kind: .blob, content: $0) }
            }
            return
        }
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let outputs = try (0..<workers).map { _ in try WorkerOutput(level: writer.compressionLevel) }
        var start = 0
        while start < indices.count {
            let round = indices[start..<min(start + roundSize, indices.count)]
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                outputs[worker].compress(round, part: slice(worker, of: workers, count: round.count), files: files)
            }
            for (worker, output) in outputs.enumerated() {
                if let error = output.error { throw error }
                var position = 0
                for (offset, end) in zip(slice(worker, of: workers, count: round.count), output.ends) {
                    let index = round[round.startIndex + offset]
                    let deflated = UnsafeRawBufferPointer(start: output.storage + position, count: end - position)
                    try writer.appendDeflated(
                        id: ids[index], kind: .blob, size: files[index].content.count, deflated: deflated)
                    position = end
                }
            }
            start += round.count
        }
    }

    /// The `worker`th of `workers` contiguous ranges covering `0..<count`.
    private static func slice(_ worker: Int, of workers: Int, count: Int) -> Range<Int> {
        (count * worker / workers)..<(count * (worker + 1) / workers)
    }
}

/// One worker's deflater and the blobs it compressed in the current round, back to back.
private final class WorkerOutput: @unchecked Sendable {
    let deflater: Deflater
    private(set) var storage = UnsafeMutableRawPointer.allocate(byteCount: 1 << 22, alignment: 16)
    private var capacity = 1 << 22
    private var used = 0
    var ends: [Int] = []
    var error: Error?

    init(level: Int32) throws {
        deflater = try Deflater(level: level)
    }

    deinit {
        storage.deallocate()
    }

    func compress(_ round: ArraySlice<Int>, part: Range<Int>, files: [TreeFile]) {
        used = 0
        ends.removeAll(keepingCapacity: true)
        error = nil
        do {
            for offset in part {
                try files[round[round.startIndex + offset]].content.withUnsafeBytes { content in
                    try deflater.compress(content) { append($0) }
                }
                ends.append(used)
            }
        } catch {
            self.error = error
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        if used + bytes.count > capacity {
            capacity = max(capacity * 2, used + bytes.count)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            grown.copyMemory(from: storage, byteCount: used)
            storage.deallocate()
            storage = grown
        }
        if let base = bytes.baseAddress { (storage + used).copyMemory(from: base, byteCount: bytes.count) }
        used += bytes.count
    }
}
