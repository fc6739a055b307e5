/// Which row first used each record name, for finding a name used twice among millions of rows:
/// open-addressed tables of row numbers on a wyhash of the name.
///
/// `[String: Int]` hashes each name with SipHash and, growing, rehashes every one: at ten million
/// rows that was 3 % of a first snapshot, in half again the memory.
enum FirstUses {
    private static func hash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { WyHash.hash(UnsafeRawBufferPointer($0), seed: 0x6669_7273_7473) }
    }
}

extension FirstUses {
    /// Of `rows` (in increasing order), each using `name(row)`, the name used twice whose second
    /// use comes first: its first and second use; nil when every name is used once.
    ///
    /// The rows are grouped by their name's hash into 256 groups first, and each group is checked
    /// with a table of its own, on all cores: one table for ten million rows is 256 MB probed at
    /// random, a cache miss a row, and was 5 s of a first snapshot there (a million: 0.25 s).
    static func firstRepeat(among rows: [Int], name: @Sendable (Int) -> String) -> (first: Int, second: Int)? {
        let count = rows.count
        guard count > 1 else { return nil }
        precondition(count < Int(UInt32.max), "a source of more than 4 billion rows")
        let pieces = count < 100_000 ? 1 : 8
        let hashes = Array(
            Parallel.map(pieces) { piece in
                rows[count * piece / pieces..<count * (piece + 1) / pieces].map { hash(name($0)) }
            }.joined())
        // Positions in `rows`, group by group, each group in increasing order.
        var starts = [Int](repeating: 0, count: 257)
        for hash in hashes { starts[Int(hash >> 56) + 1] += 1 }
        for group in 0..<256 { starts[group + 1] += starts[group] }
        var next = starts
        var order = [UInt32](repeating: 0, count: count)
        for (position, hash) in hashes.enumerated() {
            let group = Int(hash >> 56)
            order[next[group]] = UInt32(position)
            next[group] += 1
        }
        let repeats = Parallel.map(pieces) { [order, starts] piece -> (first: Int, second: Int)? in
            var earliest: (first: Int, second: Int)?
            for group in 256 * piece / pieces..<256 * (piece + 1) / pieces {
                let members = order[starts[group]..<starts[group + 1]]
                var capacity = 16
                while capacity < members.count * 2 { capacity <<= 1 }
                let mask = capacity - 1
                // Position + 1 of the first use of the name in each slot; 0 is an empty slot.
                var slots = [UInt32](repeating: 0, count: capacity)
                members: for member in members {
                    let position = Int(member)
                    var slot = Int(truncatingIfNeeded: hashes[position]) & mask
                    while slots[slot] != 0 {
                        let first = Int(slots[slot]) - 1
                        if hashes[first] == hashes[position], name(rows[first]) == name(rows[position]) {
                            // Positions come in order: the first repeat of the group.
                            if earliest.map({ position < $0.second }) ?? true { earliest = (first, position) }
                            break members
                        }
                        slot = (slot + 1) & mask
                    }
                    slots[slot] = UInt32(position + 1)
                }
            }
            return earliest
        }
        guard let earliest = repeats.compactMap({ $0 }).min(by: { $0.second < $1.second }) else { return nil }
        return (rows[earliest.first], rows[earliest.second])
    }
}
