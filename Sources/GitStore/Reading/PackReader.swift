import CLibGit2
import Foundation
import Synchronization

/// Reads objects stored whole (not as deltas) straight from the repository's pack files: found
/// in the mapped version 2 indexes, read with `pread` and inflated on the caller's thread.
///
/// libgit2 reads every pack through one set of windows behind process-wide locks, so the threads
/// that compare a changeset's records took turns, and half of a diff of 20,000 updated records was
/// spent in `git_odb_read`. This reader holds no lock and keeps no object in memory; the pages it
/// reads stay the page cache's, not the process's.
///
/// What it cannot read is left to libgit2 (`nil`): deltas (packs that `git gc` or `cksync gc`
/// wrote), loose objects, objects of packs installed after it was made or beyond the largest
/// ``maximumPacks``, and packs or indexes it cannot make sense of, for libgit2 to read or to report.
final class PackReader: Sendable {
    let packs: [Pack]
    /// Whether every pack of the directory is read here, so that an id found in none of them is
    /// in no pack at all.
    let readsEveryPack: Bool
    /// Inflate streams set up once and reset for each object: setting one up allocates its state.
    private let inflaters = Mutex<[Inflater]>([])

    /// A stream pointer passed from thread to thread, used by one at a time.
    private struct Inflater: @unchecked Sendable {
        let stream: UnsafeMutablePointer<z_stream>
    }

    /// At most this many packs are read here, the largest: each holds a descriptor open, and a
    /// repository that is never collected (`[gc] auto = false`) gains three packs a sync.
    static let maximumPacks = 64

    /// Every object of `packs` in one table, for a reader that looks up most of them; nil for one
    /// that looks up a few, which search the packs' indexes in turn.
    private let table: PackObjectTable?

    /// The largest packs of `directory` (`objects/pack`) whose index is version 2; none when
    /// there is no such directory (every object loose).
    /// - Parameter tablingEveryObject: whether to read every index into one table first
    ///   (``PackObjectTable``), for looking up most of the objects (a repack).
    /// - Throws: ``GitError`` when the directory cannot be listed.
    init(packDirectory directory: String, tablingEveryObject: Bool = false) throws {
        let names: [String]
        do {
            guard FileManager.default.fileExists(atPath: directory) else {
                packs = []
                readsEveryPack = true
                table = nil
                return
            }
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw GitError(function: "PackReader", message: "cannot list the packs: \(error)", context: directory)
        }
        let indexes = names.filter { $0.hasPrefix("pack-") && $0.hasSuffix(".idx") }.map { name in
            var status = stat()
            let path = directory + "/" + name
            let found = stat(path, &status) == 0
            return (
                base: String(path.dropLast(4)), size: found ? Int(status.st_size) : 0,
                modified: found ? Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec) : 0
            )
        }
        // The newest first: the trees a sync reads are the last snapshot's, in the packs written
        // last, and a search that misses reads a whole index (a first snapshot of ten million
        // records leaves eight packs, its trees in the last).
        packs = indexes.sorted { $0.size > $1.size }.prefix(Self.maximumPacks).sorted { $0.modified > $1.modified }
            .compactMap { OpenPacks.pack(base: $0.base) }
        readsEveryPack = packs.count == indexes.count
        table = tablingEveryObject ? PackObjectTable(packs: packs) : nil
    }

    deinit {
        inflaters.withLock { streams in
            for inflater in streams {
                inflateEnd(inflater.stream)
                inflater.stream.deallocate()
            }
        }
    }

    /// The object `id` and its type, or nil when no pack here holds it whole.
    func object(_ id: ObjectID) -> (type: git_object_t, content: [UInt8])? {
        find(id).flatMap(object(at:))
    }

    /// The object at `location` and its type, or nil when it is not stored whole.
    func object(at location: PackLocation) -> (type: git_object_t, content: [UInt8])? {
        guard let inflater = takeInflater() else { return nil }
        defer { inflaters.withLock { $0.append(inflater) } }
        return location.pack.object(at: location.offset, inflater: inflater.stream)
    }

    /// Whether a pack here lists `id`, stored whole or as a delta.
    func contains(_ id: ObjectID) -> Bool {
        find(id) != nil
    }

    /// The pack that holds `id` and where.
    private func find(_ id: ObjectID) -> PackLocation? {
        withUnsafeTemporaryAllocation(byteCount: 20, alignment: 8) { key in
            id.store(to: key.baseAddress!)
            if let table {
                return table.find(key.baseAddress!, in: packs).flatMap { found in
                    found.pack.offset(atPosition: found.position).map { PackLocation(pack: found.pack, offset: $0) }
                }
            }
            for pack in packs {
                if let offset = pack.offset(of: key.baseAddress!) { return PackLocation(pack: pack, offset: offset) }
            }
            return nil
        }
    }

    /// Where the packs here hold each of `ids` (nil for an id none of them lists), found once for
    /// reading the objects one by one. Searching the indexes costs as much as reading the objects
    /// from the page cache at ten million records (a dozen packs): done once here rather than once
    /// more for each read.
    func locate(_ ids: [ObjectID?]) -> [PackLocation?] {
        ids.map { $0.flatMap(find) }
    }

    /// Asks the kernel to start reading the objects of `ids` that are not in the page cache, all
    /// at once (``prefetch(at:)``), unless the first four are cached: these are the trees of one
    /// directory, which lie together, asked for at every directory a patch descends into.
    func prefetch(_ ids: [ObjectID]) {
        let sample = ids.prefix(4).compactMap(find)
        guard sample.contains(where: { !$0.pack.isCached(at: $0.offset) }) else { return }
        Self.prefetch(at: locate(ids))
    }

    /// Asks the kernel to start reading the objects at `locations` all at once, so that the reads
    /// after find them in the page cache: objects not in the page cache (packs the kernel dropped,
    /// or a while after they were written) each cost a read from the disk, which one by one took
    /// a second for the 10,000 old records of a change.
    ///
    /// Objects less than ``coalescingGap`` apart are asked for as one range: a disk reads the bytes
    /// between them faster than it starts another read (this one: 444 MB/s in 2.6 MB reads, 350 to
    /// 3,000 random reads a second). The leaves a patch reads lie together, one directory's after
    /// another: at ten million records, a 1 % change read 14,500 times from the disk instead of
    /// 25,800. Asking costs a system call a range, as much as reading an object from the page
    /// cache: nothing is asked when the first objects are all cached already.
    static func prefetch(at locations: [PackLocation?]) {
        let sample = locations.lazy.compactMap { $0 }.prefix(prefetchSample)
        guard sample.contains(where: { !$0.pack.isCached(at: $0.offset) }) else { return }
        let byPack = Dictionary(grouping: locations.lazy.compactMap { $0 }) { ObjectIdentifier($0.pack) }
        for locations in byPack.values {
            for range in readRanges(offsets: locations.map(\.offset)) { locations[0].pack.prefetch(range) }
        }
    }

    /// The ranges that hold what is read first of the objects at `offsets`, those less than
    /// ``coalescingGap`` apart in one range; in increasing order.
    static func readRanges(offsets: [Int]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for offset in offsets.sorted() {
            let end = offset + firstRead
            if let last = ranges.last, offset - last.upperBound <= coalescingGap {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                ranges.append(offset..<end)
            }
        }
        return ranges
    }

    /// The largest gap between two objects that are asked for as one range (``prefetch(at:)``):
    /// below a disk's rate over its random reads a second, which is 42 KB for a cloud volume of
    /// 125 MB/s and 3,000 reads, 150 KB to 1.3 MB for this one.
    static let coalescingGap = 64 << 10

    /// The bytes read at an entry first: its header and a record's or a small tree's whole stream
    /// (a few hundred bytes; a larger one is read on from there). Each byte read is copied from the
    /// page cache, mostly from memory rather than the processor's cache: at ten million records,
    /// 4 KB for each of the 30,000 objects a 10,000-record change reads took 76 ms of processor time.
    static let firstRead = 1024

    /// How many objects are looked at to tell whether the rest are in the page cache.
    private static let prefetchSample = 32

    private func takeInflater() -> Inflater? {
        if let pooled = inflaters.withLock({ $0.popLast() }) { return pooled }
        // The stream must stay where it was set up: zlib's state points back at it.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            return nil
        }
        return Inflater(stream: stream)
    }
}

/// Where a pack holds an object (``PackReader/locate(_:)``), for reading it without searching
/// the indexes again.
package struct PackLocation: Sendable {
    fileprivate let pack: Pack
    fileprivate let offset: Int
}

/// One pack and its mapped index.
final class Pack: Sendable {
    private let descriptor: Int32
    private let packSize: Int
    /// The index file, mapped read-only.
    nonisolated(unsafe) private let index: UnsafeRawPointer
    private let indexSize: Int
    /// How many objects the pack holds.
    let count: Int
    /// The index's fan-out table, read once: how many ids start with each byte or a smaller one.
    /// Read through the mapping, the first page of an index the kernel no longer caches brought
    /// 8 MB around it from the disk (the device's read-ahead), for each of the 1 GiB packs of ten
    /// million records: `status` took 0.10–0.13 s instead of 0.05.
    private let fanOut: [UInt32]
    /// The index's and the pack's files as they were opened (``isOpen(asAt:)``).
    private let files: [FileIdentity]

    /// The pack at `base`.pack with its index `base`.idx, or nil when either is missing or not
    /// what this reader reads.
    init?(base: String) {
        let indexDescriptor = open(base + ".idx", O_RDONLY | O_CLOEXEC)
        guard indexDescriptor >= 0 else { return nil }
        defer { close(indexDescriptor) }
        var status = stat()
        guard fstat(indexDescriptor, &status) == 0, status.st_size >= 8 + 1024 + 40 else { return nil }
        let indexSize = Int(status.st_size)
        // Version 2: magic, version, fan-out, ids, CRCs, 4-byte offsets, 8-byte offsets, checksums.
        var header = [UInt32](repeating: 0, count: 2 + 256)
        let headerSize = header.count * 4
        guard header.withUnsafeMutableBytes({ pread(indexDescriptor, $0.baseAddress, headerSize, 0) }) == headerSize
        else { return nil }
        header = header.map { UInt32(bigEndian: $0) }
        let count = Int(header[2 + 255])
        guard header[0] == 0xFF74_4F63, header[1] == 2, indexSize >= 8 + 1024 + count * 28 + 40,
            let mapped = mmap(nil, indexSize, PROT_READ, MAP_PRIVATE, indexDescriptor, 0), mapped != MAP_FAILED
        else { return nil }
        let index = UnsafeRawPointer(mapped)
        let descriptor = open(base + ".pack", O_RDONLY | O_CLOEXEC)
        var packStatus = stat()
        guard descriptor >= 0, fstat(descriptor, &packStatus) == 0, packStatus.st_size >= 12 + 20 else {
            if descriptor >= 0 { close(descriptor) }
            munmap(mapped, indexSize)
            return nil
        }
        (self.index, self.indexSize, self.count, self.fanOut) = (index, indexSize, count, Array(header[2...]))
        (self.descriptor, self.packSize) = (descriptor, Int(packStatus.st_size))
        files = [FileIdentity(status), FileIdentity(packStatus)]
    }

    /// Whether `base`.idx and `base`.pack are still the files this opened: not replaced, written
    /// or cut short since (a mapping read past a file's new end stops the process).
    func isOpen(asAt base: String) -> Bool {
        var index = stat()
        var pack = stat()
        guard stat(base + ".idx", &index) == 0, stat(base + ".pack", &pack) == 0 else { return false }
        return files == [FileIdentity(index), FileIdentity(pack)]
    }

    /// What tells one file, or one state of it, from another.
    private struct FileIdentity: Equatable {
        let device: UInt64
        let inode: UInt64
        let size: Int
        let changed: Int

        init(_ status: stat) {
            (device, inode, size) = (UInt64(status.st_dev), UInt64(status.st_ino), Int(status.st_size))
            changed = Int(status.st_ctim.tv_sec) * 1_000_000_000 + Int(status.st_ctim.tv_nsec)
        }
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: index), indexSize)
        close(descriptor)
    }

    /// The offset in the pack of the object whose 20-byte id is at `id`, if the index lists it.
    func offset(of id: UnsafeRawPointer) -> Int? {
        let first = Int(id.load(as: UInt8.self))
        let low = first == 0 ? 0 : Int(fanOut[first - 1])
        let high = Int(fanOut[first])
        guard low <= high, high <= count else { return nil }
        return SortedIDSearch.position(of: id, in: index + 8 + 1024, range: low..<high).flatMap(offset(atPosition:))
    }

    /// The 20-byte id of the object at `position` in the index's sorted order.
    func id(atPosition position: Int) -> UnsafeRawPointer {
        index + 8 + 1024 + position * 20
    }

    /// The offset in the pack of the object at `position` in the index's sorted order.
    func offset(atPosition position: Int) -> Int? {
        let offsets = 8 + 1024 + count * 24
        let small = Self.bigEndian32(index, offsets + position * 4)
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = offsets + count * 4 + Int(small & 0x7FFF_FFFF) * 8
        guard large + 8 <= indexSize - 40 else { return nil }
        let value = UInt64(Self.bigEndian32(index, large)) << 32 | UInt64(Self.bigEndian32(index, large + 4))
        return value < UInt64(Int.max) ? Int(value) : nil
    }

    /// The object stored whole at `offset`, or nil for a delta or anything this reader does not expect.
    /// - Parameter inflater: a stream set up with `inflateInit`, reset here before use.
    func object(at offset: Int, inflater: UnsafeMutablePointer<z_stream>) -> (type: git_object_t, content: [UInt8])? {
        guard offset >= 12, offset < packSize - 20 else { return nil }
        // One read takes the entry's header and, for most objects, all of their stream.
        let firstRead = min(PackReader.firstRead, packSize - 20 - offset)
        var input = [UInt8](unsafeUninitializedCapacity: firstRead) { buffer, count in
            count = max(0, pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset)))
        }
        guard !input.isEmpty else { return nil }
        // The type in bits 4–6 of the first byte, then the size, 7 bits a byte.
        let typeCode = (input[0] >> 4) & 7
        guard (1...4).contains(typeCode) else { return nil }
        var size = Int(input[0] & 0x0F)
        var position = 0
        var shift = 4
        while input[position] & 0x80 != 0 {
            position += 1
            guard position < input.count, shift <= 56 else { return nil }
            size |= Int(input[position] & 0x7F) << shift
            shift += 7
        }
        guard size < Int(uInt.max), inflateReset(inflater) == Z_OK else { return nil }
        var consumed = position + 1
        var next = offset + input.count
        var code = Z_OK
        let content = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { output, initialized in
            inflater.pointee.next_out = output.baseAddress
            inflater.pointee.avail_out = uInt(output.count)
            while code == Z_OK {
                if consumed == input.count {
                    // A stream is at most a little larger than its content.
                    let wanted = min(packSize - 20 - next, max(PackReader.firstRead, size + size / 8 + 64))
                    guard wanted > 0 else { break }
                    input = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, count in
                        count = max(0, pread(descriptor, buffer.baseAddress, wanted, off_t(next)))
                    }
                    guard !input.isEmpty else { break }
                    (consumed, next) = (0, next + input.count)
                }
                let offered = input.count - consumed
                code = input.withUnsafeMutableBufferPointer { buffer in
                    inflater.pointee.next_in = buffer.baseAddress! + consumed
                    inflater.pointee.avail_in = uInt(offered)
                    return CLibGit2.inflate(inflater, Z_NO_FLUSH)
                }
                consumed += offered - Int(inflater.pointee.avail_in)
                // Input left over with the output full: more content than the header says.
                if code == Z_OK, consumed < input.count { break }
            }
            initialized = code == Z_STREAM_END && Int(inflater.pointee.total_out) == size ? size : 0
        }
        guard code == Z_STREAM_END, content.count == size else { return nil }
        return (git_object_t(rawValue: Int32(typeCode)), content)
    }

    /// Whether the first byte at `offset` is in the page cache (when the system cannot tell, no).
    func isCached(at offset: Int) -> Bool {
        cksync_is_cached(descriptor, Int64(offset)) == 1
    }

    /// Starts reading `range` of the pack, without waiting.
    func prefetch(_ range: Range<Int>) {
        let lower = max(range.lowerBound, 12)
        let upper = min(range.upperBound, packSize - 20)
        guard lower < upper else { return }
        // Only a hint: whatever the kernel does with it, the objects are read the same way.
        _ = posix_fadvise(descriptor, off_t(lower), off_t(upper - lower), POSIX_FADV_WILLNEED)
    }

    private static func bigEndian32(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
