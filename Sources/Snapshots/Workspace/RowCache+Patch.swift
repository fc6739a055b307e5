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
            known.file.whileLockedExclusively { loaded in
                let fd = open(path, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { return }
                defer { close(fd) }
                guard Self.isSameFile(fd, loaded), Self.tree(in: loaded) == known.tree else { return }
                if !write(to: fd, tree: tree) { unlink(path) }
            }
        }

        private func write(to fd: Int32, tree: ObjectID) -> Bool {
            var file = BufferedFile(fd: fd)
            guard file.seek(to: RowCache.treeOffset) else { return false }
            file.append([UInt8](repeating: 0, count: 20))
            // Runs of consecutive edited rows, a seek each.
            for (index, edit) in edits.enumerated() {
                if index == 0 || edit.row != edits[index - 1].row + 1 {
                    guard file.seek(to: RowCache.digestsOffset + edit.row * 16) else { return false }
                }
                file.append(edit.digest)
            }
            guard file.seek(to: RowCache.blockCountOffset) else { return false }
            file.append(UInt64(blocks.count))
            guard file.seek(to: blocksOffset) else { return false }
            file.append(blocks)
            guard file.flush(), ftruncate(fd, off_t(blocksOffset + blocks.count * RowBlocks.stride)) == 0,
                file.seek(to: RowCache.treeOffset)
            else { return false }
            file.append(tree.bytes)
            return file.flush()
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
