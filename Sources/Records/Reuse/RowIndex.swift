import Synchronization

/// The rows a source held last time it was read: each row's digest and the name of the record it
/// made, looked up by digest or by name.
///
/// Built for ten million rows, where anything done once per row at load is a good part of an
/// incremental snapshot: the rows stay in the row cache's layout (`RowCache`), read where the
/// cache file is mapped, never copied; a read finds most rows in order without a lookup
/// (`RecordReader`), the table of digests is built only when many rows are not in order, and
/// names are looked up many at a time in one pass over the rows.
///
/// Layout: digests (16 bytes each, the low half then the high, little-endian), name ends (UInt32
/// each, little-endian: name `i` ends there), names (UTF-8, back to back).
package struct RowIndex: Sendable {
    private let bytes: SourceBytes
    private let digestsOffset: Int
    private let nameEndsOffset: Int
    private let namesOffset: Int
    package let count: Int
    /// Runs of the rows whose bytes are remembered whole, in row order (`RowBlock`).
    package let blocks: RowBlocks
    private let lookups = DigestLookups()

    /// No rows: every row of a read is fresh.
    package static let empty = RowIndex(digests: [], nameBytes: [], nameEnds: [])

    /// The rows laid out at `digests`, `nameEnds` and `names` (byte offsets) in `bytes`, which
    /// must hold `count` digests and name ends there, and the names after `names`; nil when the
    /// name ends go backwards or past the end of the bytes, or a block is out of order or beyond
    /// the rows. Checked in one pass, so that a damaged cache is no cache rather than a crash.
    package init?(
        layout bytes: SourceBytes, count: Int, digests: Int, nameEnds: Int, names: Int, blocks: RowBlocks
    ) {
        guard count >= 0, digests >= 0, nameEnds >= 0, names >= 0,
            digests + count * 16 <= bytes.count, nameEnds + count * 4 <= bytes.count, names <= bytes.count
        else { return nil }
        let ends = UnsafeRawPointer(bytes.base) + nameEnds
        func end(of row: Int) -> UInt32 {
            UInt32(littleEndian: ends.loadUnaligned(fromByteOffset: row * 4, as: UInt32.self))
        }
        // Without a branch, so that the compiler checks many rows at once: at ten million rows, a
        // loop that stopped at the first end going backwards was 13 ms of every incremental read.
        var descents: UInt32 = 0
        for row in 1..<max(count, 1) { descents |= end(of: row) < end(of: row - 1) ? 1 : 0 }
        guard descents == 0, count == 0 || Int(end(of: count - 1)) <= bytes.count - names,
            zip(blocks, blocks.dropFirst()).allSatisfy({ $0.rows.upperBound <= $1.firstRow }),
            blocks.last.map({ $0.rows.upperBound <= count }) ?? true
        else { return nil }
        self.bytes = bytes
        self.count = count
        digestsOffset = digests
        nameEndsOffset = nameEnds
        namesOffset = names
        self.blocks = blocks
    }

    /// - Precondition: `digests.count == nameEnds.count`, names are distinct, as are digests;
    ///   name ends do not go backwards; blocks are in row order, apart, and within the rows.
    package init(digests: [RowDigest], nameBytes: [UInt8], nameEnds: [Int], blocks: [RowBlock] = []) {
        precondition(digests.count == nameEnds.count)
        var layout: [UInt8] = []
        layout.reserveCapacity(digests.count * 20 + nameBytes.count)
        for digest in digests {
            withUnsafeBytes(of: digest.low.littleEndian) { layout += $0 }
            withUnsafeBytes(of: digest.high.littleEndian) { layout += $0 }
        }
        for end in nameEnds { withUnsafeBytes(of: UInt32(end).littleEndian) { layout += $0 } }
        layout += nameBytes
        self.init(
            layout: SourceBytes(layout), count: digests.count, digests: 0, nameEnds: digests.count * 16,
            names: digests.count * 20, blocks: RowBlocks(blocks))!
    }

    /// The digest of the bytes of `row`.
    package func digest(of row: Int) -> RowDigest {
        precondition(row >= 0 && row < count)
        let base = UnsafeRawPointer(bytes.base) + digestsOffset + row * 16
        return RowDigest(
            low: UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)),
            high: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// The row that had this digest.
    package func row(of digest: RowDigest) -> Int? {
        table(in: lookups.table, rows: 0..<count).row(of: digest, in: self)
    }

    /// `row(of:)` for a row that did not come where the rows before it said (after rows moved or
    /// deleted, or first in a chunk of a parallel read): found when it starts a block, and
    /// otherwise nil without looking, as long as no more than one row in 128 has missed. Such a
    /// row is then mapped afresh, which for a few rows costs less than building the table of all
    /// digests: it is built only when the misses would cost more (a source sorted another way).
    /// A read matches the rows mapped so against the known rows it did not use, once it ends.
    package func row(outOfOrder digest: RowDigest) -> Int? {
        if let row = table(in: lookups.blockStarts, rows: blocks.lazy.map(\.firstRow)).row(of: digest, in: self) {
            return row
        }
        let misses = lookups.outOfOrder.add(1, ordering: .relaxed).newValue
        guard misses > count >> 7 else { return nil }
        return row(of: digest)
    }

    /// The row with `digest` among those within `radius` of `row`, looked for outward from it: how
    /// a chunk of a read that starts inside the source finds its first rows, at about the place
    /// its offset says, without a table.
    package func row(of digest: RowDigest, near row: Int, within radius: Int) -> Int? {
        guard count > 0 else { return nil }
        let center = min(max(row, 0), count - 1)
        for distance in 0...radius {
            let (after, before) = (center + distance, center - distance - 1)
            if after >= count, before < 0 { return nil }
            if after < count, self.digest(of: after) == digest { return after }
            if before >= 0, self.digest(of: before) == digest { return before }
        }
        return nil
    }

    /// Whether a table of digests was built (the tests see when one is).
    package var hasBuiltTables: Bool {
        lookups.table.withLock { $0 != nil } || lookups.blockStarts.withLock { $0 != nil }
    }

    /// The table in `slot`, of `rows`, built the first time it is asked for.
    private func table(in slot: borrowing Mutex<DigestTable?>, rows: some Collection<Int>) -> DigestTable {
        slot.withLock { table in
            if let table { return table }
            let built = DigestTable(self, rows: rows)
            table = built
            return built
        }
    }

    /// The row whose record has each of `names`, nil for a name no row has: one pass over every
    /// row's name, on all cores, against a table of the names wanted.
    package func rows(named names: [String]) -> [Int?] {
        guard !names.isEmpty, count > 0 else { return [Int?](repeating: nil, count: names.count) }
        let wanted = WantedNames(names)
        let chunkCount = count < 100_000 ? 1 : 2
        let found = Parallel.map(chunkCount) { chunk in
            var found: [(name: Int, row: Int)] = []
            for row in Parallel.slice(chunk, of: chunkCount, count: count) {
                if let name = wanted.index(of: nameBuffer(of: row)) { found.append((name, row)) }
            }
            return found
        }
        var rows = [Int?](repeating: nil, count: names.count)
        for (name, row) in found.joined() { rows[name] = row }
        return wanted.sharing(rows)
    }

    /// The first block whose first row is `row` or a later one (`blocks.count` when there is
    /// none), tried first at `hint` and the block after it: a read asks at every row, its rows
    /// mostly one after another, and a search of ten million rows' blocks at each was a cache miss
    /// a step.
    package func firstBlock(from row: Int, hint: Int) -> Int {
        func isFirst(_ index: Int) -> Bool {
            (index == blocks.count || blocks[index].firstRow >= row) && (index == 0 || blocks[index - 1].firstRow < row)
        }
        if hint >= 0, hint <= blocks.count {
            if isFirst(hint) { return hint }
            if hint < blocks.count, isFirst(hint + 1) { return hint + 1 }
        }
        var low = 0
        var high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle].firstRow < row { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether the record of `row` is named `name`.
    package func isName(_ name: String, of row: Int) -> Bool {
        var name = name
        return name.withUTF8 { nameBuffer(of: row).elementsEqual(UnsafeRawBufferPointer($0)) }
    }

    /// The length of every name, back to back.
    package var namesLength: Int {
        count == 0 ? 0 : nameEnd(of: count - 1)
    }

    /// The record name of `row`.
    package func name(of row: Int) -> String {
        String(decoding: nameBuffer(of: row), as: UTF8.self)
    }

    /// The bytes of `rows` in the layout, each part as it lies (the name ends of the rows as they
    /// are, counted from the first name's start), for writing them out without a copy; valid
    /// during `body`.
    package func withLayout<Result>(
        of rows: Range<Int>,
        _ body: (
            _ digests: UnsafeRawBufferPointer, _ nameEnds: UnsafeRawBufferPointer, _ firstNameStart: Int,
            _ names: UnsafeRawBufferPointer
        ) throws -> Result
    ) rethrows -> Result {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= count)
        return try withExtendedLifetime(bytes) {
            let base = UnsafeRawPointer(bytes.base)
            let start = rows.isEmpty ? 0 : nameStart(of: rows.lowerBound)
            let end = rows.isEmpty ? 0 : nameEnd(of: rows.upperBound - 1)
            return try body(
                UnsafeRawBufferPointer(start: base + digestsOffset + rows.lowerBound * 16, count: rows.count * 16),
                UnsafeRawBufferPointer(start: base + nameEndsOffset + rows.lowerBound * 4, count: rows.count * 4),
                start, UnsafeRawBufferPointer(start: base + namesOffset + start, count: end - start))
        }
    }

    private func nameEnd(of row: Int) -> Int {
        Int(
            UInt32(
                littleEndian: UnsafeRawPointer(bytes.base).loadUnaligned(
                    fromByteOffset: nameEndsOffset + row * 4, as: UInt32.self)))
    }

    private func nameStart(of row: Int) -> Int {
        row == 0 ? 0 : nameEnd(of: row - 1)
    }

    /// The UTF-8 bytes of the name of `row`, where they lie; valid while this index is.
    private func nameBuffer(of row: Int) -> UnsafeRawBufferPointer {
        precondition(row >= 0 && row < count)
        let start = nameStart(of: row)
        return UnsafeRawBufferPointer(
            start: UnsafeRawPointer(bytes.base) + namesOffset + start, count: nameEnd(of: row) - start)
    }

    /// The tables of digests, each built on first need, and how many rows have missed their place.
    private final class DigestLookups: Sendable {
        let outOfOrder = Atomic<Int>(0)
        /// Every row.
        let table = Mutex<DigestTable?>(nil)
        /// The first row of every block: a thirty-second of the rows.
        let blockStarts = Mutex<DigestTable?>(nil)
    }

    /// Rows by their digest: open-addressed by the digest's low bits, at most two thirds full.
    /// Each slot holds 32 more of the digest's bits beside the row, so that a probe of another
    /// row's slot rarely reads the digests. Eight bytes a slot: for every row of ten million, 128 MB.
    private final class DigestTable: Sendable {
        private let slots: [Slot]
        private let mask: Int

        init(_ index: RowIndex, rows: some Collection<Int>) {
            var capacity = 16
            while capacity < rows.count * 3 / 2 { capacity <<= 1 }
            let mask = capacity - 1
            var slots = [Slot](repeating: Slot(check: 0, row: 0), count: capacity)
            for row in rows {
                let digest = index.digest(of: row)
                var slot = Int(truncatingIfNeeded: digest.low) & mask
                while slots[slot].row != 0 { slot = (slot + 1) & mask }
                slots[slot] = Slot(check: Self.check(digest), row: UInt32(row + 1))
            }
            self.slots = slots
            self.mask = mask
        }

        func row(of digest: RowDigest, in index: RowIndex) -> Int? {
            var slot = Int(truncatingIfNeeded: digest.low) & mask
            let check = Self.check(digest)
            while true {
                let entry = slots[slot]
                if entry.row == 0 { return nil }
                if entry.check == check && index.digest(of: Int(entry.row) - 1) == digest { return Int(entry.row) - 1 }
                slot = (slot + 1) & mask
            }
        }

        /// The bits of a digest a slot keeps: the high half's, since the low half chose the slot.
        private static func check(_ digest: RowDigest) -> UInt32 {
            UInt32(truncatingIfNeeded: digest.high)
        }

        private struct Slot {
            var check: UInt32
            /// Row + 1; 0 is an empty slot.
            var row: UInt32
        }
    }

    /// The names `rows(named:)` looks for: an open-addressed table of each distinct name's first
    /// index in the list, on a wyhash of its bytes.
    private struct WantedNames: Sendable {
        private let names: [[UInt8]]
        /// First index + 1 of the name in the slot; 0 is an empty slot.
        private let slots: [Int32]
        private let mask: Int
        /// For each name, the index of its first occurrence in the list.
        private let first: [Int]

        init(_ list: [String]) {
            let names = list.map { Array($0.utf8) }
            var capacity = 16
            while capacity < list.count * 2 { capacity <<= 1 }
            let mask = capacity - 1
            var slots = [Int32](repeating: 0, count: capacity)
            var first = Array(list.indices)
            for (index, name) in names.enumerated() {
                var slot = name.withUnsafeBytes { Self.slot($0, mask: mask) }
                while slots[slot] != 0 {
                    let other = Int(slots[slot]) - 1
                    if names[other] == name {
                        first[index] = other
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if slots[slot] == 0 { slots[slot] = Int32(index + 1) }
            }
            self.names = names
            self.slots = slots
            self.mask = mask
            self.first = first
        }

        /// The first index of `name` in the list, if it is there.
        func index(of name: UnsafeRawBufferPointer) -> Int? {
            var slot = Self.slot(name, mask: mask)
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return nil }
                if names[entry - 1].elementsEqual(name) { return entry - 1 }
                slot = (slot + 1) & mask
            }
        }

        /// `rows`, found for each name's first index, given to its later ones too.
        func sharing(_ rows: [Int?]) -> [Int?] {
            first.map { rows[$0] }
        }

        private static func slot(_ name: UnsafeRawBufferPointer, mask: Int) -> Int {
            Int(truncatingIfNeeded: WyHash.hash(name, seed: 0x6E61_6D65)) & mask
        }
    }
}
