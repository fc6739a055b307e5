import CLibGit2
import Foundation

/// Reads objects stored whole (not as deltas) straight from the repository's pack files: found
/// in the mapped version 2 indexes, read with `pread` and inflated on the caller's thread.
///
/// libgit2 reads every pack through one set of windows behind process-wide locks, so the threads
/// that compare a changeset's records took turns, and half of a diff of 20,000 updated records was
/// spent in `git_odb_read`. This reader holds no lock and keeps no object in memory; the pages it
/// reads stay the page cache's, not the process's.
///
/// What it cannot read is left to libgit2 (`nil`): deltas (packs that `git gc` or `cksync gc`
/// wrote), loose objects, objects of packs installed after it was made, and packs or indexes it
/// cannot make sense of, for libgit2 to read or to report.
final class PackReader: Sendable {
    private let packs: [Pack]

    /// The packs of `directory` (`objects/pack`) whose index is version 2; none when the
    /// directory cannot be listed.
    init(packDirectory directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        packs = names.filter { $0.hasPrefix("pack-") && $0.hasSuffix(".idx") }.sorted().compactMap { name in
            Pack(base: directory + "/" + name.dropLast(4))
        }
    }

    /// The object `id` and its type, or nil when no pack here holds it whole.
    func object(_ id: ObjectID) -> (type: git_object_t, content: [UInt8])? {
        var key = [UInt8](repeating: 0, count: 20)
        key.withUnsafeMutableBytes { id.store(to: $0.baseAddress!) }
        for pack in packs {
            guard let offset = key.withUnsafeBytes({ pack.offset(of: $0.baseAddress!) }) else { continue }
            return pack.object(at: offset)
        }
        return nil
    }
}

/// One pack and its mapped index.
private final class Pack: Sendable {
    private let descriptor: Int32
    private let packSize: Int
    /// The index file, mapped read-only.
    nonisolated(unsafe) private let index: UnsafeRawPointer
    private let indexSize: Int
    private let count: Int

    /// The pack at `base`.pack with its index `base`.idx, or nil when either is missing or not
    /// what this reader reads.
    init?(base: String) {
        let indexDescriptor = open(base + ".idx", O_RDONLY | O_CLOEXEC)
        guard indexDescriptor >= 0 else { return nil }
        defer { close(indexDescriptor) }
        var status = stat()
        guard fstat(indexDescriptor, &status) == 0, status.st_size >= 8 + 1024 + 40 else { return nil }
        let indexSize = Int(status.st_size)
        guard let mapped = mmap(nil, indexSize, PROT_READ, MAP_PRIVATE, indexDescriptor, 0), mapped != MAP_FAILED
        else { return nil }
        let index = UnsafeRawPointer(mapped)
        let count = Int(Self.bigEndian32(index, 8 + 255 * 4))
        // Version 2: magic, version, fan-out, ids, CRCs, 4-byte offsets, 8-byte offsets, checksums.
        guard Self.bigEndian32(index, 0) == 0xFF74_4F63, Self.bigEndian32(index, 4) == 2,
            indexSize >= 8 + 1024 + count * 28 + 40
        else {
            munmap(mapped, indexSize)
            return nil
        }
        let descriptor = open(base + ".pack", O_RDONLY | O_CLOEXEC)
        var packStatus = stat()
        guard descriptor >= 0, fstat(descriptor, &packStatus) == 0, packStatus.st_size >= 12 + 20 else {
            if descriptor >= 0 { close(descriptor) }
            munmap(mapped, indexSize)
            return nil
        }
        (self.index, self.indexSize, self.count) = (index, indexSize, count)
        (self.descriptor, self.packSize) = (descriptor, Int(packStatus.st_size))
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: index), indexSize)
        close(descriptor)
    }

    /// The offset in the pack of the object whose 20-byte id is at `id`, if the index lists it.
    func offset(of id: UnsafeRawPointer) -> Int? {
        let first = Int(id.load(as: UInt8.self))
        var low = first == 0 ? 0 : Int(Self.bigEndian32(index, 8 + (first - 1) * 4))
        var high = Int(Self.bigEndian32(index, 8 + first * 4))
        guard low <= high, high <= count else { return nil }
        let ids = index + 8 + 1024
        while low < high {
            let middle = (low + high) / 2
            let order = memcmp(ids + middle * 20, id, 20)
            if order == 0 { return offset(atPosition: middle) }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private func offset(atPosition position: Int) -> Int? {
        let offsets = 8 + 1024 + count * 24
        let small = Self.bigEndian32(index, offsets + position * 4)
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = offsets + count * 4 + Int(small & 0x7FFF_FFFF) * 8
        guard large + 8 <= indexSize - 40 else { return nil }
        let value = UInt64(Self.bigEndian32(index, large)) << 32 | UInt64(Self.bigEndian32(index, large + 4))
        return value < UInt64(Int.max) ? Int(value) : nil
    }

    /// The object stored whole at `offset`, or nil for a delta or anything this reader does not expect.
    func object(at offset: Int) -> (type: git_object_t, content: [UInt8])? {
        // The entry header: type in bits 4–6 of the first byte, then the size, 7 bits a byte.
        guard offset >= 12, offset < packSize - 20 else { return nil }
        var header = [UInt8](repeating: 0, count: 16)
        let headerRead = header.withUnsafeMutableBytes {
            pread(descriptor, $0.baseAddress, min(16, packSize - offset), off_t(offset))
        }
        guard headerRead > 0 else { return nil }
        let typeCode = (header[0] >> 4) & 7
        guard (1...4).contains(typeCode) else { return nil }
        var size = Int(header[0] & 0x0F)
        var position = 0
        var shift = 4
        while header[position] & 0x80 != 0 {
            position += 1
            guard position < headerRead, shift <= 56 else { return nil }
            size |= Int(header[position] & 0x7F) << shift
            shift += 7
        }
        return Self.inflate(
            descriptor: descriptor, from: offset + position + 1, upTo: packSize - 20, size: size
        ).map { (git_object_t(rawValue: Int32(typeCode)), $0) }
    }

    /// Inflates the zlib stream at `start` into exactly `size` bytes, reading the pack as it goes.
    private static func inflate(descriptor: Int32, from start: Int, upTo end: Int, size: Int) -> [UInt8]? {
        guard size < Int(uInt.max) else { return nil }
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        // Most objects are read at once: a stream is at most a little larger than its content.
        var input = [UInt8](repeating: 0, count: min(end - start, size + size / 8 + 64))
        var position = start
        var code = Z_OK
        let content = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { output, initialized in
            stream.next_out = output.baseAddress
            stream.avail_out = uInt(output.count)
            while code == Z_OK {
                let wanted = min(input.count, end - position)
                guard wanted > 0 else { break }
                let read = input.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(position)) }
                guard read > 0 else { break }
                position += read
                code = input.withUnsafeMutableBufferPointer { buffer in
                    stream.next_in = buffer.baseAddress
                    stream.avail_in = uInt(read)
                    return CLibGit2.inflate(&stream, Z_NO_FLUSH)
                }
                // Input left over with the output full: more content than the header says.
                if code == Z_OK, stream.avail_in != 0 { break }
            }
            initialized = code == Z_STREAM_END && Int(stream.total_out) == size ? size : 0
        }
        guard code == Z_STREAM_END, content.count == size else { return nil }
        return content
    }

    private static func bigEndian32(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
