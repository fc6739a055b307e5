import CLibGit2
import Foundation

/// Streams objects into one pack file under `objects/pack`, then writes its `.idx` (version 2)
/// and installs both. Before ``install()`` the pack is a temporary file git ignores.
final class PackWriter {
    private struct Entry {
        var id: ObjectID
        var offset: UInt64
        var crc: UInt32
    }

    private let directory: String
    private let temporaryPath: String
    private let descriptor: Int32
    /// Writes full buffers while the next one fills.
    private let file: BackgroundFileWriter
    // Bytes not yet written to the file; memcpy into a fixed buffer, as Array appends of raw
    // buffers showed up in profiles at a million objects.
    private static let bufferSize = BackgroundFileWriter.bufferSize
    private var buffer: UnsafeMutableRawPointer
    private var buffered = 0
    private var offset: UInt64 = 12
    private var entries: [Entry] = []
    private var ids = ObjectIDSet()
    /// Set once the pack is complete.
    private var checksum: ObjectID?
    private var temporaryIndexPath: String { temporaryPath + ".idx" }

    /// Whether the pack leaves the page cache as it is written (``init(directory:droppingWrittenPages:)``).
    let dropsWrittenPages: Bool

    /// Opens a temporary pack file in `directory` (`objects/pack`).
    /// - Parameter droppingWrittenPages: whether the pack leaves the page cache as it is written,
    ///   and as ``complete(droppingCachedPages:)`` reads it back.
    init(directory: String, droppingWrittenPages: Bool = false) throws {
        self.directory = directory
        dropsWrittenPages = droppingWrittenPages
        temporaryPath = directory + "/" + StalePackFiles.prefix + UUID().uuidString
        descriptor = open(temporaryPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        file = BackgroundFileWriter(
            descriptor: descriptor, path: temporaryPath, droppingWrittenPages: droppingWrittenPages)
        buffer = file.emptyBuffer()
        // Every stored property is set by now, so a throw here runs deinit, which frees the buffer.
        guard descriptor >= 0 else { throw PackWriter.systemError("open", temporaryPath) }
        // Held for the writer's life: StalePackFiles removes only files no live writer locks.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { throw PackWriter.systemError("flock", temporaryPath) }
        StalePackFiles.remove(in: directory)
        // "PACK", version 2, and an object count patched in by install().
        let header: [UInt8] = [0x50, 0x41, 0x43, 0x4B, 0, 0, 0, 2, 0, 0, 0, 0]
        try header.withUnsafeBytes { try put($0) }
    }

    deinit {
        // Nothing may still be writing to the descriptor when it closes.
        try? file.drain()
        buffer.deallocate()
        close(descriptor)
        // Both gone once published; a pack never published leaves nothing.
        unlink(temporaryPath)
        unlink(temporaryIndexPath)
    }

    /// The number of objects written so far.
    private(set) var count = 0
    /// Whether every object appended is a blob: no tree or commit need be looked for in the pack.
    private(set) var holdsOnlyBlobs = true

    /// The bytes written so far.
    var size: UInt64 { offset }

    /// Whether this pack already holds `id`.
    func contains(_ id: ObjectID) -> Bool { ids.contains(id) }

    /// Appends one object whose content is already deflated; ignores an id already in the pack.
    /// - Returns: where the entry starts in the pack, for deltas of it (nil when ignored).
    @discardableResult
    func append(id: ObjectID, kind: ObjectFormat.Kind, size: Int, deflated: UnsafeRawBufferPointer) throws -> UInt64? {
        try appendEntry(id: id, type: kind.rawValue, size: size, baseOffset: nil, deflated: deflated)
    }

    /// Appends an object stored as a delta (`DeltaEncoder`) of the object at `baseOffset` in this
    /// pack (an `OFS_DELTA` entry); `size` is the delta's, `deflated` the compressed delta.
    /// - Returns: where the entry starts in the pack (nil when the id was in the pack already).
    @discardableResult
    func appendDelta(id: ObjectID, baseOffset: UInt64, size: Int, deflated: UnsafeRawBufferPointer) throws -> UInt64? {
        precondition(baseOffset < offset, "a delta's base comes before it in the pack")
        return try appendEntry(id: id, type: 6, size: size, baseOffset: baseOffset, deflated: deflated)
    }

    private func appendEntry(
        id: ObjectID, type: UInt8, size: Int, baseOffset: UInt64?, deflated: UnsafeRawBufferPointer
    ) throws -> UInt64? {
        guard ids.insert(id) else { return nil }
        if type != ObjectFormat.Kind.blob.rawValue { holdsOnlyBlobs = false }
        let start = offset
        // Entry header: type in bits 4-6 of the first byte with the size's low 4 bits, then 7
        // bits of size per byte, high bit meaning "more" (at most 10 bytes for a 64-bit size).
        // An OFS_DELTA then gives its distance back to the base: 7 bits a byte, most significant
        // first, each continuation adding one (at most 10 bytes).
        var header: (UInt64, UInt64, UInt64) = (0, 0, 0)
        try withUnsafeMutableBytes(of: &header) { raw in
            var rest = size >> 4
            raw[0] = type << 4 | UInt8(size & 0x0F) | (rest > 0 ? 0x80 : 0)
            var length = 1
            while rest > 0 {
                let byte = UInt8(rest & 0x7F)
                rest >>= 7
                raw[length] = byte | (rest > 0 ? 0x80 : 0)
                length += 1
            }
            if let baseOffset {
                var distance = start - baseOffset
                var encoded: [UInt8] = [UInt8(distance & 0x7F)]
                distance >>= 7
                while distance > 0 {
                    distance -= 1
                    encoded.append(0x80 | UInt8(distance & 0x7F))
                    distance >>= 7
                }
                for byte in encoded.reversed() {
                    raw[length] = byte
                    length += 1
                }
            }
            let bytes = UnsafeRawBufferPointer(rebasing: raw[..<length])
            var crc = crc32(0, bytes.bindMemory(to: Bytef.self).baseAddress, uInt(length))
            crc = crc32(crc, deflated.bindMemory(to: Bytef.self).baseAddress, uInt(deflated.count))
            entries.append(Entry(id: id, offset: start, crc: UInt32(crc)))
            try put(bytes)
            try put(deflated)
            offset += UInt64(length + deflated.count)
        }
        count += 1
        return start
    }

    /// Finishes the pack, writes its index and moves both into place (``complete(droppingCachedPages:)``,
    /// then ``publish()``). Returns the pack's checksum.
    func install() throws -> ObjectID {
        let checksum = try complete()
        try publish()
        return checksum
    }

    /// Finishes the pack (count, trailer) and writes its index, both still temporary files that
    /// git ignores, which ``publish()`` moves into place. Returns the pack's checksum.
    /// - Parameter droppingCachedPages: lets the kernel drop the pack from the page cache as it is
    ///   read back for its checksum, as a pack ``dropsWrittenPages`` always does. The packs of a
    ///   first snapshot of ten million records are 7 GB, which the next sync reads only a few
    ///   blobs of.
    func complete(droppingCachedPages: Bool = false) throws -> ObjectID {
        try flush()
        try file.drain()
        var count = UInt32(entries.count).bigEndian
        guard pwrite(descriptor, &count, 4, 8) == 4 else { throw PackWriter.systemError("pwrite", temporaryPath) }
        let dropping = droppingCachedPages || dropsWrittenPages
        let checksum = try hashFile(length: offset, droppingPages: dropping)
        let trailer = checksum.bytes
        try trailer.withUnsafeBytes { try put($0) }
        try flush()
        try file.drain()
        guard fsync(descriptor) == 0 else { throw PackWriter.systemError("fsync", temporaryPath) }
        // The trailer, and the header written again. Only a hint: pages the kernel keeps are only memory.
        if dropping { _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED) }
        try PackWriter.writeFile(makeIndex(packChecksum: trailer), to: temporaryIndexPath)
        // The index has them: a sealed pack waiting to be published holds only its ids.
        entries = []
        self.checksum = checksum
        return checksum
    }

    /// Moves the pack completed by ``complete(droppingCachedPages:)`` and its index into place,
    /// pack first so that no index ever names a missing pack.
    func publish() throws {
        guard let checksum else { preconditionFailure("PackWriter.publish() before complete()") }
        let base = directory + "/pack-" + checksum.hex
        guard rename(temporaryPath, base + ".pack") == 0 else { throw PackWriter.systemError("rename", base + ".pack") }
        guard rename(temporaryIndexPath, base + ".idx") == 0 else {
            throw PackWriter.systemError("rename", base + ".idx")
        }
    }

    /// Queues bytes for the file, flushing when the buffer is full.
    private func put(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if buffered + bytes.count > PackWriter.bufferSize { try flush() }
        if bytes.count > PackWriter.bufferSize {
            try file.writeNow(bytes)
        } else {
            (buffer + buffered).copyMemory(from: base, byteCount: bytes.count)
            buffered += bytes.count
        }
    }

    /// Gives the buffer to the file writer and goes on with another.
    private func flush() throws {
        guard buffered > 0 else { return }
        let full = buffer
        let count = buffered
        buffer = file.emptyBuffer()
        buffered = 0
        try file.write(full, count: count)
    }

    /// The SHA-1 of the file's first `length` bytes, read back; each part read leaves the page
    /// cache when `droppingPages` (the part after it is asked for first, as the disk may have it).
    private func hashFile(length: UInt64, droppingPages: Bool) throws -> ObjectID {
        var sha = SHA1()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { chunk.deallocate() }
        var position: UInt64 = 0
        while position < length {
            let want = Int(min(UInt64(chunk.count), length - position))
            let got = pread(descriptor, chunk.baseAddress, want, off_t(position))
            guard got > 0 else { throw PackWriter.systemError("pread", temporaryPath) }
            if droppingPages {
                _ = posix_fadvise(descriptor, off_t(position) + got, off_t(chunk.count), POSIX_FADV_WILLNEED)
            }
            sha.update(UnsafeRawBufferPointer(start: chunk.baseAddress, count: got))
            if droppingPages {
                guard cksync_drop_written_pages(descriptor, Int64(position), Int64(got)) == 0 else {
                    throw PackWriter.systemError("sync_file_range", temporaryPath)
                }
            }
            position += UInt64(got)
        }
        return ObjectID(bytes: sha.finalize())
    }

    /// Pack index version 2: magic, version, 256-slot fan-out, sorted ids, CRC32s, 31-bit
    /// offsets (high bit → index into a table of 64-bit offsets), pack checksum, index checksum.
    private func makeIndex(packChecksum: [UInt8]) -> [UInt8] {
        let fanout = sortEntries()
        let count = entries.count
        let largeCount = entries.reduce(0) { $0 + ($1.offset < 0x8000_0000 ? 0 : 1) }
        // Magic and version, fan-out, ids, CRCs, offsets, large offsets, two checksums.
        let (ids, crcs, offsets) = (8 + 1024, 8 + 1024 + count * 20, 8 + 1024 + count * 24)
        let large = offsets + count * 4
        let size = large + largeCount * 8 + 40
        // Stored in place: appending an array per id and per number allocated four times per
        // object, forty million times for a first snapshot of ten million records.
        var index = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            func store32(_ value: UInt32, at offset: Int) {
                base.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
            }
            store32(0xFF74_4F63, at: 0)
            store32(2, at: 4)
            for slot in 0..<256 { store32(UInt32(fanout[slot + 1]), at: 8 + slot * 4) }
            var largeNumber = 0
            for (number, entry) in entries.enumerated() {
                entry.id.store(to: base + ids + number * 20)
                store32(entry.crc, at: crcs + number * 4)
                if entry.offset < 0x8000_0000 {
                    store32(UInt32(entry.offset), at: offsets + number * 4)
                } else {
                    store32(0x8000_0000 | UInt32(largeNumber), at: offsets + number * 4)
                    store32(UInt32(entry.offset >> 32), at: large + largeNumber * 8)
                    store32(UInt32(entry.offset & 0xFFFF_FFFF), at: large + largeNumber * 8 + 4)
                    largeNumber += 1
                }
            }
            packChecksum.withUnsafeBytes { (base + size - 40).copyMemory(from: $0.baseAddress!, byteCount: 20) }
            initialized = size - 20
        }
        index.append(contentsOf: SHA1.hash(index))
        return index
    }

    /// Sorts `entries` by id: counted into the 256 slots of their first byte, then each slot sorted,
    /// the slots on all cores. Returns the fan-out: entry counts up to each slot, `[0]` being 0.
    private func sortEntries() -> [Int] {
        var fanout = [Int](repeating: 0, count: 257)
        for entry in entries { fanout[Int(entry.id.leadingByte(0)) + 1] += 1 }
        for slot in 1...256 { fanout[slot] += fanout[slot - 1] }
        let bounds = fanout
        var next = fanout
        let count = entries.count
        entries = [Entry](unsafeUninitializedCapacity: count) { buffer, initialized in
            for entry in entries {
                let slot = Int(entry.id.leadingByte(0))
                (buffer.baseAddress! + next[slot]).initialize(to: entry)
                next[slot] += 1
            }
            initialized = count
        }
        let workers = count < 65_536 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        entries.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let sorted = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for slot in DeflateWorker.slice(worker, of: workers, count: 256) {
                    var range = UnsafeMutableBufferPointer(rebasing: sorted[bounds[slot]..<bounds[slot + 1]])
                    range.sort { $0.id < $1.id }
                }
            }
        }
        return bounds
    }

    private static func writeFile(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o444)
        guard descriptor >= 0 else { throw systemError("open", path) }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { try writeAll($0, to: descriptor, path: path) }
        guard fsync(descriptor) == 0 else { throw systemError("fsync", path) }
    }

    /// Writes all of `bytes` to `descriptor`, the file at `path` (for errors).
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws(GitError) {
        var written = 0
        while written < bytes.count {
            let result = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw systemError("write", path) }
            written += result
        }
    }

    static func systemError(_ function: String, _ path: String) -> GitError {
        GitError(function: function, code: .generic, message: String(cString: strerror(errno)), context: path)
    }
}
