import Dispatch

/// The rows a source held last time it was read: each row's digest and the name of the record it
/// made, looked up by digest or by name in constant time.
///
/// Built for a million rows: names sit back to back in one buffer, and both lookups are
/// open-addressed tables of row numbers, so loading one allocates a handful of arrays.
package struct RowIndex: Sendable {
    package let digests: [RowDigest]
    /// Every name's UTF-8 bytes, back to back; name `i` ends at `nameEnds[i]`.
    package let nameBytes: [UInt8]
    package let nameEnds: [Int]
    /// Runs of the rows whose bytes are remembered whole, in row order (`RowBlock`).
    package let blocks: [RowBlock]
    /// Open-addressed by the digest's low bits; each slot holds 32 more of the digest's bits beside
    /// the row, so that a probe of another row's slot rarely reads `digests`. Eight bytes a slot:
    /// a read mostly finds its rows in order without the table (`RecordReader`), and at ten million
    /// rows slots holding 96 bits were 768 MB to zero and fill, most of an incremental snapshot.
    private let byDigest: [DigestSlot]
    /// Open-addressed by a hash of the name; each slot holds row + 1, and 0 when empty.
    private let byName: [Int32]
    private let mask: Int

    package var count: Int { digests.count }

    /// No rows: every row of a read is fresh.
    package static let empty = RowIndex(digests: [], nameBytes: [], nameEnds: [])

    /// - Precondition: `digests.count == nameEnds.count`, names are distinct, as are digests;
    ///   blocks are in row order, apart, and within the rows.
    package init(digests: [RowDigest], nameBytes: [UInt8], nameEnds: [Int], blocks: [RowBlock] = []) {
        precondition(digests.count == nameEnds.count)
        precondition(zip(blocks, blocks.dropFirst()).allSatisfy { $0.rows.upperBound <= $1.firstRow })
        precondition(blocks.last.map { $0.rows.upperBound <= digests.count } ?? true)
        self.digests = digests
        self.nameBytes = nameBytes
        self.nameEnds = nameEnds
        self.blocks = blocks
        // At most two thirds full: a probe that misses takes about four slots, and a read looks
        // up only the rows that are not in order. Fuller by half than before, which at ten million
        // rows was 400 MB of fresh memory to fault in.
        var capacity = 16
        while capacity < digests.count * 3 / 2 { capacity <<= 1 }
        mask = capacity - 1
        let mask = self.mask
        // The two tables are independent: build them on two cores.
        var byDigest = [DigestSlot](repeating: DigestSlot(check: 0, row: 0), count: capacity)
        var byName = [Int32](repeating: 0, count: capacity)
        byDigest.withUnsafeMutableBufferPointer { digestSlots in
            byName.withUnsafeMutableBufferPointer { nameSlots in
                nonisolated(unsafe) let digestSlots = digestSlots
                nonisolated(unsafe) let nameSlots = nameSlots
                DispatchQueue.concurrentPerform(iterations: 2) { table in
                    if table == 0 {
                        for row in digests.indices {
                            var slot = Int(truncatingIfNeeded: digests[row].low) & mask
                            while digestSlots[slot].row != 0 { slot = (slot + 1) & mask }
                            digestSlots[slot] = DigestSlot(check: Self.check(digests[row]), row: UInt32(row + 1))
                        }
                    } else {
                        nameBytes.withUnsafeBytes { names in
                            for row in digests.indices {
                                var slot = Self.nameSlot(
                                    UnsafeRawBufferPointer(rebasing: names[Self.nameRange(of: row, ends: nameEnds)]),
                                    mask: mask)
                                while nameSlots[slot] != 0 { slot = (slot + 1) & mask }
                                nameSlots[slot] = Int32(row + 1)
                            }
                        }
                    }
                }
            }
        }
        self.byDigest = byDigest
        self.byName = byName
    }

    /// The row that had this digest.
    package func row(of digest: RowDigest) -> Int? {
        var slot = Int(truncatingIfNeeded: digest.low) & mask
        let check = Self.check(digest)
        while true {
            let entry = byDigest[slot]
            if entry.row == 0 { return nil }
            if entry.check == check && digests[Int(entry.row) - 1] == digest { return Int(entry.row) - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The block whose first row is `row`; `hint` is where to look first (the block after the
    /// last one skipped), and a search of the blocks follows.
    package func block(startingAt row: Int, hint: Int) -> Int? {
        if hint < blocks.count, blocks[hint].firstRow == row { return hint }
        var low = 0
        var high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle].firstRow < row { low = middle + 1 } else { high = middle }
        }
        return low < blocks.count && blocks[low].firstRow == row ? low : nil
    }

    /// The row whose record had this name.
    package func row(named name: String) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            nameBytes.withUnsafeBytes { names in
                let wanted = UnsafeRawBufferPointer(wanted)
                var slot = Self.nameSlot(wanted, mask: mask)
                while true {
                    let entry = Int(byName[slot])
                    if entry == 0 { return nil }
                    if names[Self.nameRange(of: entry - 1, ends: nameEnds)].elementsEqual(wanted) { return entry - 1 }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The record name of `row`.
    package func name(of row: Int) -> String {
        String(decoding: nameBytes(of: row), as: UTF8.self)
    }

    /// The UTF-8 bytes of the record name of `row`.
    package func nameBytes(of row: Int) -> ArraySlice<UInt8> {
        nameBytes[Self.nameRange(of: row, ends: nameEnds)]
    }

    /// The UTF-8 bytes of the record names of `rows`, back to back.
    package func nameBytes(of rows: Range<Int>) -> ArraySlice<UInt8> {
        guard !rows.isEmpty else { return [] }
        return nameBytes[Self.nameRange(of: rows.lowerBound, ends: nameEnds).lowerBound..<nameEnds[rows.upperBound - 1]]
    }

    /// Where the name of `row` lies in the name bytes.
    private static func nameRange(of row: Int, ends: [Int]) -> Range<Int> {
        (row == 0 ? 0 : ends[row - 1])..<ends[row]
    }

    private static func nameSlot(_ name: UnsafeRawBufferPointer, mask: Int) -> Int {
        Int(truncatingIfNeeded: WyHash.hash(name, seed: 0x6E61_6D65)) & mask
    }

    /// The bits of a digest a slot keeps: the high half's, since the low half chose the slot.
    private static func check(_ digest: RowDigest) -> UInt32 {
        UInt32(truncatingIfNeeded: digest.high)
    }

    private struct DigestSlot {
        var check: UInt32
        /// Row + 1; 0 is an empty slot.
        var row: UInt32
    }
}
