import Foundation
import GitStore
import Records

/// For one record type, the rows its source held when its `records/<Type>` tree was last built:
/// each row's digest and record name, in source order.
///
/// Where the source cache skips a file whose stat fields are unchanged, this skips the rows of a
/// changed file that are unchanged: only new and edited rows are mapped, and the old tree is
/// patched (the same job as git's index, one level down). Runs of rows are also kept as blocks
/// (`RowBlock`), which a read skips whole when their bytes are unchanged. Kept in
/// `.cksync/row-cache/<Type>`, binary because a million rows must load in milliseconds:
///
///     "cksync-row-cache 3\n", configuration digest (40 hex digits), tree id (20 bytes),
///     row count (UInt64), block count (UInt64), digests (16 bytes each), name ends (UInt32 each),
///     names (UTF-8, back to back), blocks (first row, row count, length, line feeds: UInt64
///     each; digest: 16 bytes); integers little-endian.
///
/// The blocks come last so that a cache whose rows all stay where they are is patched where it
/// lies (`RowCache.Patch`): their number changes with the rows' digests, and so would the place of
/// anything after them.
struct RowCache {
    /// The type's tree these rows make.
    var tree: ObjectID
    var rows: RowIndex
    /// The file, read under a shared lock (`SourceBytes.init(locking:)`).
    let file: SourceBytes
    /// Where the blocks start in a cache of the current format, which can be patched; nil in one
    /// of an older format.
    let blocksOffset: Int?

    private static let magic = Array("cksync-row-cache 3\n".utf8)
    /// The format with the blocks before the names: still loaded, then written anew.
    private static let magicBlocksBeforeNames = Array("cksync-row-cache 2\n".utf8)
    /// The format before blocks, the same without the block count and the blocks: still loaded,
    /// so that the first read after an upgrade reuses rows one by one instead of reading all
    /// (and holding every record of a large source).
    private static let magicWithoutBlocks = Array("cksync-row-cache 1\n".utf8)

    /// The cache file of `type` in `directory`.
    static func path(of type: RecordTypeConfiguration, in directory: String) -> String {
        directory + "/" + type.name
    }

    /// Loads the cache of a type whose configuration digest is `configDigest`; nil when there is
    /// none, it was made under another configuration, or it is damaged in any way.
    ///
    /// The file is mapped when large (`SourceBytes`) and its rows are read where they lie: at ten
    /// million rows, copying them into arrays and building tables of them was a quarter of an
    /// incremental snapshot.
    static func load(path: String, configDigest: String) -> RowCache? {
        let bytes: SourceBytes
        do {
            bytes = try SourceBytes(locking: path)
        } catch {
            return nil
        }
        var reader = ByteReader(UnsafeRawBufferPointer(start: bytes.base, count: bytes.count))
        let version = reader.take(magic.count).map(Array.init)
        let blocksLast = version == magic
        let hasBlocks = blocksLast || version == magicBlocksBeforeNames
        guard hasBlocks || version == magicWithoutBlocks,
            reader.take(40).map({ String(decoding: $0, as: UTF8.self) }) == configDigest,
            let treeBytes = reader.take(20), let count = reader.integer(UInt64.self).map(Int.init),
            count > 0, count < Int(Int32.max),
            let blockCount = hasBlocks ? reader.integer(UInt64.self).map(Int.init) : 0,
            blockCount <= count
        else { return nil }
        let digests = reader.offset
        let nameEnds = digests + count * 16
        guard let fixed = reader.take(count * 20) else { return nil }
        // The names end where the last name does; the format before had the blocks first.
        let names: Int
        let blocksOffset: Int
        if blocksLast {
            names = reader.offset
            blocksOffset =
                names + Int(UInt32(littleEndian: fixed.loadUnaligned(fromByteOffset: count * 20 - 4, as: UInt32.self)))
        } else {
            blocksOffset = reader.offset
            names = blocksOffset + blockCount * RowBlocks.stride
        }
        // Each bound before it is added to another, so that no damaged value overflows.
        guard let blocks = RowBlocks(layout: bytes, offset: blocksOffset, count: blockCount),
            blocks.allSatisfy({
                (0..<count).contains($0.firstRow) && (1...count).contains($0.rowCount) && $0.length > 0
                    && (0...$0.length).contains($0.lines)
            }),
            let rows = RowIndex(
                layout: bytes, count: count, digests: digests, nameEnds: nameEnds, names: names, blocks: blocks),
            // The names and the blocks fill the rest of the file exactly.
            bytes.count == (blocksLast ? blocksOffset + blockCount * RowBlocks.stride : names + rows.namesLength)
        else { return nil }
        return RowCache(
            tree: ObjectID(bytes: treeBytes), rows: rows, file: bytes, blocksOffset: blocksLast ? blocksOffset : nil)
    }

    /// Where the tree id lies in the file: after the magic and the configuration digest.
    static let treeOffset = magic.count + 40
    /// Where the block count lies: after the tree id and the row count.
    static let blockCountOffset = treeOffset + 28
    /// Where the digests start: after the block count.
    static let digestsOffset = blockCountOffset + 8

    /// A cache written while the tree it describes is finished: its rows go to a temporary file on
    /// a queue of its own, and ``finish(tree:)`` names the tree and moves the file into place once
    /// the tree's objects are installed. At ten million rows the file is 270 MB, most of a second
    /// that a snapshot waited for at its end; started as soon as the read has the rows, it is
    /// written beside the patch of the tree, on the other core.
    ///
    /// Written through one small buffer, a part at a time, the rows read from the last cache copied
    /// from where they lie in it: building the file whole in memory first cost more fresh memory
    /// than the read did. When every row stays where it was, the last cache is patched where it
    /// lies instead, once the tree is installed (`Patch`). A cache that cannot be written is only a
    /// slower next read, so failing to write one is not an error.
    final class Draft: @unchecked Sendable {
        private let path: String
        private let temporary: String
        private let written = DispatchGroup()
        /// The open temporary file with every row in it, once `written` is done. The writing block
        /// holds this, not the draft, so that a draft dropped by a failed snapshot ends, and
        /// removes its file, where it is dropped rather than later on the queue.
        private let file = WrittenFile()
        private var ended = false
        /// Whether the rows make a cache at all.
        private let hasRows: Bool
        /// How many rows the cache holds.
        let rowCount: Int
        /// The edits to write over the last cache, instead of a new file.
        private let patch: Patch?

        /// Starts writing `rows` and `blocks` for the cache at `path`, where `known`, if any, is
        /// the cache loaded from there, whose rows `rows` reuses.
        init(path: String, configDigest: String, rows: Rows, blocks: [RowBlock], replacing known: RowCache? = nil) {
            self.path = path
            temporary = RowCache.draftPath(for: path)
            rowCount = rows.count
            hasRows = rows.count > 0 && rows.nameBytes <= Int(UInt32.max)
            patch = hasRows ? known.flatMap { Patch(known: $0, at: path, rows: rows, blocks: blocks) } : nil
            guard hasRows, patch == nil else { return }
            let temporary = temporary
            let result = file
            DispatchQueue(label: "cksync.row-cache").async(group: self.written) {
                try? FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                RowCache.removeAbandonedDrafts(of: path)
                let fd = RowCache.createDraft(at: temporary)
                guard fd >= 0 else { return }
                var file = BufferedFile(fd: fd)
                file.append(magic)
                file.append(Array(configDigest.utf8))
                // The tree's id, written by finish(tree:).
                file.append([UInt8](repeating: 0, count: 20))
                file.append(UInt64(rows.count))
                file.append(UInt64(blocks.count))
                rows.write(to: &file)
                rows.writeNames(to: &file)
                file.append(blocks)
                if file.flush() {
                    result.descriptor = fd
                } else {
                    close(fd)
                    unlink(temporary)
                }
            }
        }

        deinit {
            // A snapshot that failed: nothing to name.
            end(tree: nil)
        }

        /// Names `tree` in the cache and puts it in place of the last one (its objects must be
        /// installed); without a tree, or with no rows, the type has no cache.
        func finish(tree: ObjectID?) {
            guard let tree, hasRows else {
                end(tree: nil)
                return RowCache.remove(path: path)
            }
            end(tree: tree)
        }

        /// Waits for the rows, then names `tree` and renames the file into place, or removes it
        /// when `tree` is nil; or patches the last cache, which a snapshot that failed leaves as
        /// it was.
        private func end(tree: ObjectID?) {
            written.wait()
            guard !ended else { return }
            ended = true
            if let patch {
                if let tree { patch.apply(to: path, tree: tree) }
                return
            }
            let descriptor = file.descriptor
            guard descriptor >= 0 else { return }
            defer { close(descriptor) }
            guard let tree,
                tree.bytes.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, 20, off_t(treeOffset)) }) == 20
            else {
                unlink(temporary)
                return
            }
            // The last cache is removed first rather than renamed over: ext4 writes a file out to the
            // disk before it replaces another (`auto_da_alloc`), which held the rename of a 270 MB
            // cache of ten million rows for 0.2 s. Stopped in between, a process leaves no cache,
            // only a slower next read.
            unlink(path)
            if rename(temporary, path) != 0 { unlink(temporary) }
        }
    }

    /// The descriptor the writing block sets before it leaves the group that `Draft.end` waits on.
    private final class WrittenFile: @unchecked Sendable {
        /// -1 when the file could not be written, or when there is nothing to cache.
        var descriptor: Int32 = -1
    }

    /// Forgets the cache of a type (its source gave no records, or could not be read).
    static func remove(path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension BufferedFile {
    mutating func append(_ digest: RowDigest) {
        append(digest.low)
        append(digest.high)
    }

    mutating func append(_ blocks: [RowBlock]) {
        for block in blocks {
            for field in RowBlocks.fields(of: block) { append(field) }
        }
    }
}
