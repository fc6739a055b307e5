import Foundation

/// Every object of a set of packs in one open-addressed table: where each is, found with one
/// probe instead of a search of each pack's index in turn.
///
/// A repack looks up every object of a repository that may hold a hundred packs (a year of syncs
/// with `[gc] auto = false`), and the objects it reads one after the other lie in different
/// packs: asking each index in turn, mostly in vain, was 40 % of `cksync gc`'s time after 100
/// syncs. Building the table reads every index once; its slots take 16 to 32 bytes an object.
///
/// A slot holds an object's position in its pack's index, the pack's number plus one, and 24 bits
/// of its id to skip most other objects; the id itself is compared in the index. 0 is empty.
struct PackObjectTable: Sendable {
    private let slots: [UInt64]
    private let mask: Int

    /// The largest number of packs a slot can name.
    static let maximumPacks = 255

    /// The table of `packs`' objects; nil when there are more packs than a slot can name.
    init?(packs: [Pack]) {
        guard packs.count <= Self.maximumPacks else { return nil }
        let total = packs.reduce(0) { $0 + $1.count }
        // At most half full, so that a probe ends after a slot or two.
        var capacity = 1024
        while capacity < 2 * total { capacity *= 2 }
        let mask = capacity - 1
        var slots = [UInt64](repeating: 0, count: capacity)
        for (number, pack) in packs.enumerated() {
            for position in 0..<pack.count {
                let id = pack.id(atPosition: position)
                var index = Self.start(id) & mask
                while slots[index] != 0 { index = (index + 1) & mask }
                slots[index] = Self.tag(id) << 40 | UInt64(number + 1) << 32 | UInt64(position)
            }
        }
        (self.slots, self.mask) = (slots, mask)
    }

    /// The pack among `packs` (those the table was made of) that holds the object whose 20-byte
    /// id is at `id`, and the object's position in that pack's index.
    func find(_ id: UnsafeRawPointer, in packs: [Pack]) -> (pack: Pack, position: Int)? {
        let tag = Self.tag(id)
        var index = Self.start(id) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return nil }
            if slot >> 40 == tag {
                let pack = packs[Int(slot >> 32 & 0xFF) - 1]
                let position = Int(slot & 0xFFFF_FFFF)
                if memcmp(pack.id(atPosition: position), id, 20) == 0 { return (pack, position) }
            }
            index = (index + 1) & mask
        }
    }

    /// Where a probe for `id` starts: its first eight bytes, as even as SHA-1 is.
    private static func start(_ id: UnsafeRawPointer) -> Int {
        Int(truncatingIfNeeded: id.loadUnaligned(as: UInt64.self))
    }

    /// 24 bits of `id` the start does not use.
    private static func tag(_ id: UnsafeRawPointer) -> UInt64 {
        UInt64(id.loadUnaligned(fromByteOffset: 8, as: UInt32.self) & 0xFF_FFFF)
    }
}
