/// A set of object ids for millions of them: open-addressed on the id's first eight bytes, with no
/// hashing at all, since SHA-1's bytes are already uniform.
///
/// `Set<ObjectID>` runs every id through SipHash and, growing, rehashes it again: for a pack of
/// ten million objects that was 4 % of a first snapshot's time.
package struct ObjectIDSet {
    /// Each slot an id, or the zero id when empty; the zero id itself is kept aside.
    private var slots: [ObjectID]
    private var containsZero = false
    package private(set) var count = 0

    /// An empty set with room for `minimumCapacity` ids before it grows.
    package init(minimumCapacity: Int = 0) {
        var capacity = 16
        while capacity * 3 < minimumCapacity * 4 { capacity <<= 1 }
        slots = [ObjectID](repeating: .zero, count: capacity)
    }

    package func contains(_ id: ObjectID) -> Bool {
        if id == .zero { return containsZero }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = id.slotHash & mask
            while true {
                let entry = slots[slot]
                if entry == id { return true }
                if entry == .zero { return false }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds `id`; false when it was already there.
    @discardableResult
    package mutating func insert(_ id: ObjectID) -> Bool {
        if id == .zero {
            defer { containsZero = true }
            if !containsZero { count += 1 }
            return !containsZero
        }
        // At most three quarters full, as `Set`: emptier, a table of ten million ids would be
        // twice the memory, each first touch of a page a fault.
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let inserted = slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var slot = id.slotHash & mask
            while true {
                let entry = slots[slot]
                if entry == id { return false }
                if entry == .zero {
                    slots[slot] = id
                    return true
                }
                slot = (slot + 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    private mutating func grow() {
        let old = slots
        slots = [ObjectID](repeating: .zero, count: old.count * 2)
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            for id in old where id != .zero {
                var slot = id.slotHash & mask
                while slots[slot] != .zero { slot = (slot + 1) & mask }
                slots[slot] = id
            }
        }
    }
}
