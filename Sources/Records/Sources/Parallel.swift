import Dispatch

/// Runs independent pieces of work on all cores and collects their results in order.
///
/// Public so that the modules above Records (Snapshots' changesets) share it.
package enum Parallel {
    /// `body(0) … body(count - 1)`, run concurrently; the results in index order.
    package static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if count <= 1 { return (0..<count).map(body) }
        let slots = Slots<T>(count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.store(body(index), at: index)
        }
        return slots.values()
    }

    /// One result slot per index; each index is written by exactly one worker, and read after all finish.
    private final class Slots<T>: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<T?>

        init(_ count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil)
        }

        func store(_ value: T, at index: Int) { storage[index] = value }

        func values() -> [T] { storage.map { $0! } }

        deinit {
            storage.deinitialize()
            storage.deallocate()
        }
    }

    /// The `chunk`th of `chunks` contiguous ranges covering `0..<count`, in order.
    package static func slice(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
    }

    /// The number of chunks worth making for `byteCount` bytes: sixteen per core, none smaller than
    /// ~256 KB. Rows differ in cost (a row the cache knows is skipped, a new one mapped), and a
    /// source edited at one end, such as a release that appends its new records, made one chunk of
    /// four per core the whole read's last 150 ms on one core.
    static func chunkCount(forBytes byteCount: Int, cores: Int) -> Int {
        max(1, min(cores * 16, byteCount / (256 << 10)))
    }
}
