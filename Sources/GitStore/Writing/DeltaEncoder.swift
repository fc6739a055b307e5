#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Encodes one object as a git delta of another: copy instructions for what the target shares with
/// its base, insert instructions for the rest.
///
/// Built for what a repack deltifies, one version of a record or tree against another: the base's
/// 8-byte blocks at multiples of 8 go into a hash table, and the target is scanned byte by byte for
/// them; each hit is extended both ways, so a shared run is one copy wherever its edges fall. git's
/// own encoder (diff-delta.c) works the same way with 16-byte blocks and more entries per slot.
///
/// Reuses its table from object to object: one encoder per thread, handed to it whole (hence
/// `@unchecked Sendable`).
final class DeltaEncoder: @unchecked Sendable {
    /// Tree entries share their names and differ in 20-byte ids, so the runs to copy can be as
    /// short as a name (`100644 K2XQ.json\0`): blocks of 8 bytes find them wherever they fall.
    private static let blockSize = 8
    /// A copy instruction's longest size (three size bytes).
    private static let longestCopy = 0xFF_FFFF
    /// An insert instruction's longest literal.
    private static let longestInsert = 0x7F

    private var slots: [Int32] = []
    private var output: [UInt8] = []

    /// The delta that turns `base` into `target`, or nil when it would not be smaller than `limit`
    /// bytes (then the target is better stored whole).
    func delta(from base: UnsafeRawBufferPointer, to target: UnsafeRawBufferPointer, limit: Int) -> [UInt8]? {
        guard base.count >= Self.blockSize, target.count >= Self.blockSize, limit > 0 else { return nil }
        output.removeAll(keepingCapacity: true)
        Self.appendSize(base.count, to: &output)
        Self.appendSize(target.count, to: &output)
        let mask = index(base)
        let targetEnd = target.count
        var position = 0
        var pendingInsert = 0  // where the bytes not yet covered by an instruction start
        var shift = 0  // the last copy's offset in the base less its place in the target
        func matches(_ candidate: Int) -> Bool {
            candidate >= 0 && candidate + Self.blockSize <= base.count
                && memcmp(base.baseAddress! + candidate, target.baseAddress! + position, Self.blockSize) == 0
        }
        while position + Self.blockSize <= targetEnd {
            // Where the last copy left off first: past a changed id, a tree's next entry is where
            // it was (one name of many alike, which the table may point elsewhere for).
            var candidate = position + shift
            if !matches(candidate) {
                candidate = Int(slots[Int(Self.hash(target.baseAddress! + position) & mask)])
                guard matches(candidate) else {
                    position += 1
                    continue
                }
            }
            var length = Self.blockSize
            while candidate + length < base.count, position + length < targetEnd,
                base[candidate + length] == target[position + length]
            {
                length += 1
            }
            var before = 0
            while before < position - pendingInsert, before < candidate,
                base[candidate - before - 1] == target[position - before - 1]
            {
                before += 1
            }
            appendInsert(target, from: pendingInsert, to: position - before)
            appendCopy(offset: candidate - before, length: length + before)
            shift = candidate - position
            position += length
            pendingInsert = position
            if output.count >= limit { return nil }
        }
        appendInsert(target, from: pendingInsert, to: targetEnd)
        return output.count < limit ? output : nil
    }

    /// Fills the table with the base's aligned blocks; returns the mask that picks a slot.
    private func index(_ base: UnsafeRawBufferPointer) -> UInt64 {
        let blocks = base.count / Self.blockSize
        var size = 64
        while size < blocks * 2 { size <<= 1 }
        if slots.count < size { slots = [Int32](repeating: -1, count: size) }
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
        let mask = UInt64(size - 1)
        // Later blocks first, so that where two blocks share a slot the earlier one stays: copies
        // then tend to run forward through the base, as the target does.
        for block in stride(from: blocks - 1, through: 0, by: -1) {
            let offset = block * Self.blockSize
            slots[Int(Self.hash(base.baseAddress! + offset) & mask)] = Int32(offset)
        }
        return mask
    }

    private static func hash(_ pointer: UnsafeRawPointer) -> UInt64 {
        let mixed = pointer.loadUnaligned(as: UInt64.self) &* 0x9E37_79B9_7F4A_7C15
        return mixed ^ (mixed >> 29)
    }

    /// Insert instructions: a count byte (1–127) and the literal bytes.
    private func appendInsert(_ target: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        var start = start
        while start < end {
            let count = min(end - start, Self.longestInsert)
            output.append(UInt8(count))
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: target[start..<start + count]))
            start += count
        }
    }

    /// Copy instructions: a byte whose bits 0–3 say which offset bytes follow and bits 4–6 which
    /// size bytes, then those bytes, least significant first.
    private func appendCopy(offset: Int, length: Int) {
        var offset = offset
        var length = length
        while length > 0 {
            let size = min(length, Self.longestCopy)
            let opcodeIndex = output.count
            output.append(0x80)
            for byte in 0..<4 where (offset >> (8 * byte)) & 0xFF != 0 {
                output[opcodeIndex] |= 1 << byte
                output.append(UInt8((offset >> (8 * byte)) & 0xFF))
            }
            for byte in 0..<3 where (size >> (8 * byte)) & 0xFF != 0 {
                output[opcodeIndex] |= 0x10 << byte
                output.append(UInt8((size >> (8 * byte)) & 0xFF))
            }
            offset += size
            length -= size
        }
    }

    /// A delta header's sizes: 7 bits a byte, least significant first, the high bit meaning "more".
    private static func appendSize(_ size: Int, to output: inout [UInt8]) {
        var rest = size
        repeat {
            let byte = UInt8(rest & 0x7F)
            rest >>= 7
            output.append(byte | (rest > 0 ? 0x80 : 0))
        } while rest > 0
    }
}
