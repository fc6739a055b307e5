/// One thread's deflater and the objects it compressed in the current round, back to back, so
/// that objects are compressed on every core and only appending them to the pack is serial.
final class DeflateWorker: @unchecked Sendable {
    private let compressor: ContentCompressor
    private var storage = UnsafeMutableRawPointer.allocate(byteCount: 1 << 22, alignment: 16)
    private var capacity = 1 << 22
    private var used = 0
    /// Where each object compressed this round ends in `storage`.
    private var ends: [Int] = []
    private var error: Error?

    init(level: Int32) throws {
        compressor = try ContentCompressor(level: level)
    }

    deinit {
        storage.deallocate()
    }

    /// Compresses the objects `part` numbers, whose content `content` passes to its second argument;
    /// content that does not compress is stored (`ContentCompressor`). An error stops
    /// the round and is kept in `error`.
    func compress(_ part: Range<Int>, content: (Int, (UnsafeRawBufferPointer) throws -> Void) throws -> Void) {
        used = 0
        ends.removeAll(keepingCapacity: true)
        error = nil
        do {
            for index in part {
                try content(index) { raw in try compressor.compress(raw) { append($0) } }
                ends.append(used)
            }
        } catch {
            self.error = error
        }
    }

    /// The compressed objects of the round in order, each with its place in `part`.
    func forEachCompressed(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        if let error { throw error }
        var position = 0
        for (number, end) in ends.enumerated() {
            try body(number, UnsafeRawBufferPointer(start: storage + position, count: end - position))
            position = end
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

    /// The `worker`th of `workers` contiguous ranges covering `0..<count`.
    static func slice(_ worker: Int, of workers: Int, count: Int) -> Range<Int> {
        (count * worker / workers)..<(count * (worker + 1) / workers)
    }
}
