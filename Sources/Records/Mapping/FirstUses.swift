/// Which row first used each record name, for finding a name used twice among millions of rows:
/// an open-addressed table of row numbers on a wyhash of the name, sized once for every row.
///
/// `[String: Int]` hashes each name with SipHash and, growing, rehashes every one: at ten million
/// rows that was 3 % of a first snapshot, in half again the memory.
struct FirstUses {
    private struct Slot {
        /// Row + 1; 0 is an empty slot.
        var row: UInt32
        /// The name's hash, high half: most mismatches are told without reading the name.
        var check: UInt32
    }

    private var slots: [Slot]
    private let mask: Int

    /// A table for at most `rows` rows.
    init(rows: Int) {
        precondition(rows < Int(UInt32.max), "a source of more than 4 billion rows")
        var capacity = 16
        while capacity < rows * 2 { capacity <<= 1 }
        slots = [Slot](repeating: Slot(row: 0, check: 0), count: capacity)
        mask = capacity - 1
    }

    /// Records that `row` uses `name`, unless an earlier row did: returns that row, and keeps it.
    /// - Parameter nameOf: the name of a row recorded before.
    mutating func insert(_ name: String, row: Int, nameOf: (Int) -> String) -> Int? {
        let hash = Self.hash(name)
        let check = UInt32(truncatingIfNeeded: hash >> 32)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry.row == 0 {
                slots[slot] = Slot(row: UInt32(row + 1), check: check)
                return nil
            }
            if entry.check == check, nameOf(Int(entry.row) - 1) == name { return Int(entry.row) - 1 }
            slot = (slot + 1) & mask
        }
    }

    private static func hash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { WyHash.hash(UnsafeRawBufferPointer($0), seed: 0x6669_7273_7473) }
    }
}
