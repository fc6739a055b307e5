import CLibGit2
import Dispatch
import Foundation
import Synchronization

/// Writes buffers to a file, in the order given, on a queue of its own, so that the thread that
/// fills them goes on while the kernel takes its time.
///
/// At a first snapshot of ten million records the pack is 7 GB, past the kernel's limit of dirty
/// pages: a write then waits for the disk, and it waited inside the lock under which the threads
/// mapping records append their blobs, so that both waited (a fifth of that snapshot's time, in
/// the kernel's futex and write paths, against a fiftieth at a million records).
final class BackgroundFileWriter: @unchecked Sendable {
    static let bufferSize = 1 << 20

    private let descriptor: Int32
    private let path: String
    private let queue = DispatchQueue(label: "cksync.pack-file")
    /// Buffers given and not yet written; giving one more waits while this many are.
    private let pending = DispatchSemaphore(value: 4)
    /// Written buffers, for reuse: fresh memory is slow to fault in, a gigabyte a second here.
    private let spares = Mutex<[Spare]>([])
    private let failure = Mutex<GitError?>(nil)
    /// The bytes written so far, and where those not yet sent out to the disk start; touched by
    /// one writer at a time (the queue, or a caller after ``drain()``).
    private var written: Int64 = 0
    private var writebackStart: Int64 = 0

    /// Whether written pages leave the page cache once they are on the disk.
    private let dropsWrittenPages: Bool
    /// Where the pages still in the page cache start, when ``dropsWrittenPages``.
    private var droppedUpTo: Int64 = 0

    /// Writes to `descriptor`, the file at `path` (for errors); the caller closes it, after ``drain()``.
    /// - Parameter droppingWrittenPages: whether each part of the file leaves the page cache once
    ///   it is on the disk, for a file larger than the cache should keep: filling the cache takes
    ///   fresh memory, several times as slow to fault in as memory the kernel has just dropped
    ///   (7 GB written here: 13–16 s of system time kept in the cache, 2.5–2.9 s dropped as written).
    init(descriptor: Int32, path: String, droppingWrittenPages: Bool = false) {
        self.descriptor = descriptor
        self.path = path
        dropsWrittenPages = droppingWrittenPages
    }

    deinit {
        spares.withLock { spares in
            for spare in spares { spare.buffer.deallocate() }
        }
    }

    /// A buffer of ``bufferSize`` bytes to fill, and then to give to ``write(_:count:)``.
    func emptyBuffer() -> UnsafeMutableRawPointer {
        spares.withLock { $0.popLast()?.buffer } ?? .allocate(byteCount: Self.bufferSize, alignment: 16)
    }

    /// Writes the first `count` bytes of `buffer` after everything given before, and takes the
    /// buffer back. Throws the error of an earlier write, which stops all writing.
    func write(_ buffer: UnsafeMutableRawPointer, count: Int) throws {
        if let error = failure.withLock({ $0 }) {
            spares.withLock { $0.append(Spare(buffer: buffer)) }
            throw error
        }
        pending.wait()
        // Only the queue touches the buffer until it is a spare again.
        let spare = Spare(buffer: buffer)
        queue.async { [self] in
            if failure.withLock({ $0 == nil }) {
                do throws(GitError) {
                    try writeAll(UnsafeRawBufferPointer(start: spare.buffer, count: count))
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            spares.withLock { $0.append(spare) }
            pending.signal()
        }
    }

    /// Writes `bytes` after everything given before, before it returns.
    func writeNow(_ bytes: UnsafeRawBufferPointer) throws {
        try drain()
        try writeAll(bytes)
    }

    /// Waits until everything given is written; throws the first error of a write.
    func drain() throws {
        queue.sync {}
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(GitError) {
        try PackWriter.writeAll(bytes, to: descriptor, path: path)
        written += Int64(bytes.count)
        // Each 8 MB goes out to the disk as it is written, rather than all of it once the kernel's
        // limit of dirty pages is reached: past that limit (about 3.5 GB here) every write waited
        // for the disk at the pace the kernel's background writeback had set, and a fifth of a
        // first snapshot of ten million records was idle. Only a request to start: whether the
        // kernel takes it changes nothing but the timing.
        if written - writebackStart >= Self.writebackStep {
            _ = cksync_start_writeback(descriptor, writebackStart, written - writebackStart)
            // The step before, sent out one step ago: waiting for it rarely waits long, and its
            // pages are the ones the next writes reuse.
            if dropsWrittenPages && writebackStart > droppedUpTo {
                guard cksync_drop_written_pages(descriptor, droppedUpTo, writebackStart - droppedUpTo) == 0 else {
                    throw PackWriter.systemError("sync_file_range", path)
                }
                droppedUpTo = writebackStart
            }
            writebackStart = written
        }
    }

    /// How many written bytes make one request to write them out.
    static let writebackStep: Int64 = 8 << 20

    /// A buffer that one thread at a time uses: the filler, then the queue, then the spares.
    private struct Spare: @unchecked Sendable {
        let buffer: UnsafeMutableRawPointer
    }
}
