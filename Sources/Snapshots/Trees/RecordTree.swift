import GitStore

/// A record type's tree (`records/<Type>` or `server/<Type>`) and its fan-out depth.
///
/// Paths handed to and taken from these functions are in ``RecordPath``'s one-level form, which
/// names a record whatever its type's depth; they are placed at the depth of the tree they go into.
/// Each type's depth is read from its tree, never stored elsewhere.
package enum RecordTree {
    /// The depth of a type's tree: one more than the levels of directories below its first
    /// fan-out directory, followed by their first entries.
    package static func depth(of tree: ObjectID, in repository: GitRepository) throws -> Int {
        guard var directory = try repository.firstEntry(ofTree: tree), directory.isTree else { return 1 }
        var depth = 1
        while depth < FanOut.maximumDepth, let first = try repository.firstEntry(ofTree: directory.id), first.isTree {
            depth += 1
            directory = first
        }
        return depth
    }

    /// About how many records a type's tree of `depth` holds, for choosing its depth: exact for
    /// small trees; otherwise the records of the first fan-out directories, at least
    /// ``sampleSize``, scaled to all of them (SHA-1 spreads names evenly: ±2 % at 3σ).
    package static func estimatedCount(of tree: ObjectID, depth: Int, in repository: GitRepository) throws -> Int {
        let directories = try repository.tree(tree).filter(\.isTree)
        var counted = 0
        var visited = 0
        for directory in directories where counted < sampleSize {
            visited += 1
            counted += try records(below: directory.id, levels: depth - 1, in: repository)
        }
        guard visited < directories.count else { return counted }
        return counted * directories.count / visited
    }

    /// The records of a fan-out directory `levels` levels above its leaves, counted from the
    /// entries of its leaves (no blob is read).
    package static func records(below directory: ObjectID, levels: Int, in repository: GitRepository) throws -> Int {
        guard levels > 0 else { return try repository.entryCount(ofTree: directory) }
        var count = 0
        for entry in try repository.tree(directory) where entry.isTree {
            count += try records(below: entry.id, levels: levels - 1, in: repository)
        }
        return count
    }

    /// How many records ``estimatedCount(of:depth:in:)`` counts before it scales.
    static let sampleSize = 32_768

    /// The type directory (`records/<Type>`) a full one-level path lies in.
    static func typeDirectory(of path: String) -> Substring? {
        guard let first = path.utf8.firstIndex(of: UInt8(ascii: "/")),
            let second = path.utf8[path.utf8.index(after: first)...].firstIndex(of: UInt8(ascii: "/"))
        else { return nil }
        return path[..<second]
    }

    /// The depth a type's tree gets when `puts` records are written into `base` and `deletes`
    /// removed.
    ///
    /// An edit counts as a put at first, which over-estimates growth. When only that estimate
    /// would take the type down a level, `newPuts` counts the puts `base` (at the depth it is
    /// given) lacks: a release that rewrites a quarter of its records must not convert the whole
    /// tree for records it does not add.
    static func depths(
        base: ObjectID?, puts: Int, deletes: Int, in repository: GitRepository, newPuts: (_ depth: Int) throws -> Int
    ) throws -> (current: Int?, target: Int) {
        guard let base else { return (nil, FanOut.depth(records: puts, current: nil)) }
        let current = try depth(of: base, in: repository)
        let records = try estimatedCount(of: base, depth: current, in: repository)
        let target = FanOut.depth(records: max(0, records + puts - deletes), current: current)
        guard target > current, FanOut.depth(records: max(0, records - deletes), current: current) < target else {
            return (current, target)
        }
        return (current, FanOut.depth(records: max(0, records + (try newPuts(current)) - deletes), current: current))
    }
}
