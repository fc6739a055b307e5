import Foundation
import GitStore
import Records

extension RowCache {
    /// The next cache written over the last one where it lies, when every row stayed where it was
    /// (`Rows.editsInPlace()`): only the edited rows' digests, the block count, the blocks after
    /// the names and the tree id differ. At ten million rows, a new 270 MB file for 10,000 edited
    /// rows was a third of an incremental snapshot's time, most of it the kernel's fresh pages.
    ///
    /// A file changed where it lies would tear another process's read of it, or end it (SIGBUS),
    /// so every read holds the file under a shared lock (`SourceBytes.init(locking:)`) and the
    /// patch is written only while this process alone holds it; otherwise the last cache stays, a
    /// cache of the tree it names, whose rows the next read finds edited again. The tree id is
    /// cleared first and written last: a process stopped in between leaves a cache that names no
    /// tree, which the next read ignores.
    struct Patch {
        private let known: RowCache
        private let blocksOffset: Int
        /// The rows read afresh, in order, with their digests.
        private let edits: [(row: Int, digest: RowDigest)]
        private let blocks: [RowBlock]

        /// nil when `known`, loaded from `path`, cannot be patched into `rows`: an older format,
        /// rows added, removed, moved or renamed, a file linked elsewhere too (a copy made with
        /// `cp -al`), whose other name must keep its cache, or one read without a lock (a file
        /// system without them), which other processes may be reading.
        init?(known: RowCache, at path: String, rows: Rows, blocks: [RowBlock]) {
            var info = stat()
            guard let blocksOffset = known.blocksOffset, known.file.isLocked, stat(path, &info) == 0,
                info.st_nlink == 1, let edits = rows.editsInPlace()
            else { return nil }
            self.known = known
            self.blocksOffset = blocksOffset
            self.edits = edits
            self.blocks = blocks
        }

        /// Writes the patch over the cache at `path`, naming `tree`, unless another process holds
        /// the cache or it is no longer the file loaded. A write that fails removes the cache.
        func apply(to path: String, tree: ObjectID) {
            _ = known.file.whileLockedExclusively { loaded in
                let fd = open(path, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { return }
                defer { close(fd) }
                guard Self.isSameFile(fd, loaded), Self.tree(in: loaded) == known.tree else { return }
                if !write(to: fd, tree: tree) { unlink(path) }
            }
        }

        private func write(to fd: Int32, tree: ObjectID) -> Bool {
            guard Self.write([UInt8](repeating: 0, count: 20), to: fd, at: RowCache.treeOffset) else { return false }
            // Runs of consecutive edited rows, a write each.
            var run: [UInt8] = []
            var runStart = 0
            for (index, edit) in edits.enumerated() {
                if index > 0, edit.row != edits[index - 1].row + 1 {
                    guard Self.write(run, to: fd, at: RowCache.digestsOffset + runStart * 16) else { return false }
                    run.removeAll(keepingCapacity: true)
                }
                if run.isEmpty { runStart = edit.row }
                withUnsafeBytes(of: edit.digest.low.littleEndian) { run += $0 }
                withUnsafeBytes(of: edit.digest.high.littleEndian) { run += $0 }
            }
            guard Self.write(run, to: fd, at: RowCache.digestsOffset + runStart * 16),
                Self.write(
                    withUnsafeBytes(of: UInt64(blocks.count).littleEndian, Array.init), to: fd,
                    at: RowCache.blockCountOffset),
                lseek(fd, off_t(blocksOffset), SEEK_SET) == off_t(blocksOffset)
            else { return false }
            var file = BufferedFile(fd: fd)
            file.append(blocks)
            return file.flush() && ftruncate(fd, off_t(blocksOffset + blocks.count * RowBlocks.stride)) == 0
                && Self.write(tree.bytes, to: fd, at: RowCache.treeOffset)
        }

        private static func write(_ bytes: [UInt8], to fd: Int32, at offset: Int) -> Bool {
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes {
                    pwrite(fd, $0.baseAddress! + written, bytes.count - written, off_t(offset + written))
                }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            return true
        }

        /// Whether two descriptors are of the same file.
        private static func isSameFile(_ first: Int32, _ second: Int32) -> Bool {
            var one = stat()
            var other = stat()
            return fstat(first, &one) == 0 && fstat(second, &other) == 0 && one.st_dev == other.st_dev
                && one.st_ino == other.st_ino
        }

        /// The tree id the cache open as `fd` names now.
        private static func tree(in fd: Int32) -> ObjectID? {
            var bytes = [UInt8](repeating: 0, count: 20)
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 20, off_t(RowCache.treeOffset)) }
            return count == 20 ? ObjectID(bytes: bytes) : nil
        }
    }
}
