#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tree object's entries as offsets into its content: names stay bytes until one is needed.
struct RawTree {
    struct Entry {
        /// Where the entry's mode starts: `content[start..<nameEnd + 21]` is the whole entry.
        var start: Int
        var nameStart: Int
        var nameEnd: Int
        var id: ObjectID
        var isTree: Bool
    }

    enum Order {
        case less, equal, greater
    }

    let content: [UInt8]
    let entries: [Entry]

    var count: Int { entries.count }

    /// Parses `<mode> <name>\0<20-byte id>` entries; a malformed tail is ignored (libgit2 has
    /// already checked the object on reading).
    init(_ content: [UInt8]) {
        self.content = content
        var entries: [Entry] = []
        entries.reserveCapacity(content.count / 40)
        Self.walk(content) { start, nameStart, nameEnd, id, isTree in
            entries.append(Entry(start: start, nameStart: nameStart, nameEnd: nameEnd, id: id(), isTree: isTree))
        }
        self.entries = entries
    }

    /// The number of entries in tree content, counted without collecting them.
    static func count(_ content: [UInt8]) -> Int {
        var count = 0
        walk(content) { _, _, _, _, _ in count += 1 }
        return count
    }

    /// Calls `body` with each entry's start, its name range, a reader of its id, and its kind.
    @discardableResult
    private static func walk(_ content: [UInt8], _ body: (Int, Int, Int, () -> ObjectID, Bool) throws -> Void) rethrows
        -> Bool
    {
        try content.withUnsafeBytes { try walk($0, body) }
    }

    /// Calls `body` with each entry's start, its name range, a reader of its id, and its kind
    /// (a tree's mode starts with `4`).
    /// - Returns: false when the content ends in something that is not a whole entry.
    @discardableResult
    static func walk(
        _ content: UnsafeRawBufferPointer, _ body: (Int, Int, Int, () -> ObjectID, Bool) throws -> Void
    ) rethrows -> Bool {
        guard let base = content.baseAddress else { return true }
        let count = content.count
        var position = 0
        while position < count {
            guard let space = memchr(base + position, 0x20, count - position) else { return false }
            let nameStart = UnsafeRawPointer(space) - base + 1
            guard let nul = memchr(base + nameStart, 0, count - nameStart) else { return false }
            let nameEnd = UnsafeRawPointer(nul) - base
            guard nameEnd + 21 <= count else { return false }
            let isTree = content[position] == UInt8(ascii: "4")
            try body(position, nameStart, nameEnd, { ObjectID(pointer: base + nameEnd + 1) }, isTree)
            position = nameEnd + 21
        }
        return true
    }

    func name(_ entry: Entry) -> String {
        String(decoding: content[entry.nameStart..<entry.nameEnd], as: UTF8.self)
    }

    /// Git's tree order: names compared bytewise, a tree's name as if it ended in "/".
    static func order(_ lhs: Entry, in left: RawTree, _ rhs: Entry, in right: RawTree) -> Order {
        left.content.withUnsafeBufferPointer { a in
            right.content.withUnsafeBufferPointer { b in
                order(
                    UnsafeBufferPointer(rebasing: a[lhs.nameStart..<lhs.nameEnd]), lhs.isTree,
                    UnsafeBufferPointer(rebasing: b[rhs.nameStart..<rhs.nameEnd]), rhs.isTree)
            }
        }
    }

    static func order(
        _ lhs: UnsafeBufferPointer<UInt8>, _ lhsIsTree: Bool, _ rhs: UnsafeBufferPointer<UInt8>, _ rhsIsTree: Bool
    ) -> Order {
        let common = min(lhs.count, rhs.count)
        for k in 0..<common where lhs[k] != rhs[k] {
            return lhs[k] < rhs[k] ? .less : .greater
        }
        let x: UInt8 = lhs.count > common ? lhs[common] : (lhsIsTree ? UInt8(ascii: "/") : 0)
        let y: UInt8 = rhs.count > common ? rhs[common] : (rhsIsTree ? UInt8(ascii: "/") : 0)
        if x != y { return x < y ? .less : .greater }
        // Both names end here: equal only if they are of one kind.
        if lhs.count == rhs.count && lhsIsTree == rhsIsTree { return .equal }
        return lhs.count < rhs.count ? .less : .greater
    }

    /// The entry named `name` of the given kind, found by binary search (entries are in git order).
    func find(_ name: [UInt8], isTree: Bool) -> Entry? {
        content.withUnsafeBufferPointer { raw in
            name.withUnsafeBufferPointer { wanted in
                var low = 0
                var high = entries.count
                while low < high {
                    let middle = (low + high) / 2
                    let entry = entries[middle]
                    let entryName = UnsafeBufferPointer(rebasing: raw[entry.nameStart..<entry.nameEnd])
                    switch Self.order(entryName, entry.isTree, wanted, isTree) {
                    case .less: low = middle + 1
                    case .greater: high = middle
                    case .equal: return entry
                    }
                }
                return nil
            }
        }
    }
}
