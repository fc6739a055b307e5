import Foundation
import GitStore
import Records

extension RecordTree {
    /// Writes a type's tree holding `files` (paths `<xx>/<encoded>.json`) at the depth its size
    /// calls for; `base`, the type's previous tree, is reused where it has the same depth.
    /// - Parameter files: their paths are changed in place to the depth's (a copy of a million
    ///   files was an eighth of a first snapshot's memory).
    package static func write(files: inout [TreeFile], base: ObjectID?, writer: ObjectWriter) throws -> ObjectID {
        let current = try base.map { try depth(of: $0, in: writer.repository) }
        let target = FanOut.depth(records: files.count, current: current)
        if target > 1 { try placeDeeper(&files) { $0.path = try RecordPath.placed($0.path, depth: target) } }
        return try writer.writeTree(files: files, base: current == target ? base : nil)
    }

    /// `write(files:base:writer:)` for blobs already written through `writer` or found in its
    /// repository (paths `<xx>/<encoded>.json`), which are not looked up again.
    package static func write(
        blobs: [(path: String, id: ObjectID)], base: ObjectID?, writer: ObjectWriter
    ) throws -> ObjectID {
        let current = try base.map { try depth(of: $0, in: writer.repository) }
        let target = FanOut.depth(records: blobs.count, current: current)
        guard target > 1 else {
            return try writer.writeTree(blobs: blobs, base: current == target ? base : nil, checkingBlobs: false)
        }
        return try writeDeeper(blobs: blobs, depth: target, base: current == target ? base : nil, writer: writer)
    }

    /// A type's tree at `depth` (two levels or more) holding `blobs` (paths `<xx>/<encoded>.json`), written one
    /// first-level fan-out directory at a time: the blobs are grouped by directory as indices, the
    /// files of every directory placed on all cores, and each directory's tree built on its own.
    /// Placed and built all at once, a million records' paths and tree nodes were 160 MB of a first
    /// snapshot's peak.
    private static func writeDeeper(
        blobs: [(path: String, id: ObjectID)], depth: Int, base: ObjectID?, writer: ObjectWriter
    ) throws -> ObjectID {
        var groups: [String: [Int]] = [:]
        for (index, blob) in blobs.enumerated() {
            guard let slash = blob.path.utf8.firstIndex(of: UInt8(ascii: "/")) else {
                throw SnapshotError.corrupt(path: blob.path, reason: "not a record path")
            }
            groups[String(blob.path[..<slash]), default: []].append(index)
        }
        let fanOuts = groups.keys.sorted()
        let members = fanOuts.map { groups.removeValue(forKey: $0) ?? [] }
        let chunkCount = blobs.count < 100_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        // Each directory's files as `<yy>/<encoded>.json` (or `<yy>/<z>/<encoded>.json`), most short
        // enough to be held without an allocation.
        let placed = try Parallel.map(chunkCount) { chunk in
            Result { () throws -> [[(path: String, id: ObjectID)]] in
                try members[Parallel.slice(chunk, of: chunkCount, count: members.count)].map { indices in
                    try indices.map { index in
                        let file = RecordPath.fileName(of: blobs[index].path)
                        return (try RecordPath.placed(String(file), depth: depth), blobs[index].id)
                    }
                }
            }
        }.flatMap { try $0.get() }
        var baseDirectories: [String: ObjectID] = [:]
        if let base {
            for entry in try writer.repository.tree(base) where entry.isTree { baseDirectories[entry.name] = entry.id }
        }
        var entries: [TreeEntry] = []
        for (fanOut, files) in zip(fanOuts, placed) {
            let id = try writer.writeTree(blobs: files, base: baseDirectories[fanOut], checkingBlobs: false)
            entries.append(TreeEntry(name: fanOut, id: id, isTree: true))
        }
        return try writer.writeTree(entries)
    }

    /// Patches a type's tree with `changes` (`<xx>/<encoded>.json` → new content, nil deleting);
    /// a tree whose size crossed ``FanOut``'s bounds is converted to the other depth.
    /// - Parameter records: how many records the patched tree holds, which decides its depth. A
    ///   snapshot knows it from its rows; estimating it from the tree, as a push must, read four
    ///   thousand of its trees at ten million records.
    /// - Returns: the new tree, ``ObjectID/emptyTree`` when nothing is left; the blob-level
    ///   differences from `tree` to it, paths below the type's tree
    ///   (``ObjectWriter/updateTreeWithDeltas(_:changes:)``), nil when the tree was converted; and
    ///   `changes` with the paths those differences have.
    package static func update(
        _ tree: ObjectID, changes: [String: [UInt8]?], records: Int, writer: ObjectWriter
    ) throws -> (tree: ObjectID, deltas: [TreeDelta]?, placedChanges: [String: [UInt8]?]) {
        let current = try depth(of: tree, in: writer.repository)
        let target = FanOut.depth(records: records, current: current)
        guard current == target else {
            let converted = try convert(
                tree, changes: changes.mapValues { try $0.map(writer.writeBlob) }, to: target, writer: writer)
            return (converted, nil, changes)
        }
        let placedChanges = try placed(changes, depth: target)
        let (patched, deltas) = try writer.updateTreeWithDeltas(tree, changes: placedChanges)
        return (patched, deltas, placedChanges)
    }

    /// Writes a snapshot's root tree holding `blobs` (full paths in the one-level form, each with a
    /// blob already written), each type at the depth its size calls for.
    /// - Parameter blobs: the paths of types at two levels are changed in place (a copy of a
    ///   million records' paths was a third of a fetch's memory).
    package static func writeSnapshot(
        blobs: inout [(path: String, id: ObjectID)], base: ObjectID?, writer: ObjectWriter
    ) throws -> ObjectID {
        var counts: [Substring: Int] = [:]
        for file in blobs {
            guard let directory = typeDirectory(of: file.path) else { continue }
            counts[directory, default: 0] += 1
        }
        var deeper: [Substring: Int] = [:]
        for (directory, count) in counts {
            let typeBase = try base.flatMap { try subtree(at: directory, in: $0, writer.repository) }
            let current = try typeBase.map { try depth(of: $0, in: writer.repository) }
            let target = FanOut.depth(records: count, current: current)
            if target > 1 { deeper[directory] = target }
        }
        guard !deeper.isEmpty else { return try writer.writeTree(blobs: blobs, base: base) }
        for index in blobs.indices {
            guard let directory = typeDirectory(of: blobs[index].path), let depth = deeper[directory] else { continue }
            blobs[index].path = try RecordPath.placed(blobs[index].path, depth: depth)
        }
        return try writer.writeTree(blobs: blobs, base: base)
    }

    /// Patches a snapshot's root tree with `changes` (full paths in the one-level form → the id of
    /// a blob already written, nil deleting), placing each at its type's depth and converting the
    /// types whose size crossed ``FanOut``'s bounds.
    package static func updateSnapshot(
        _ root: ObjectID?, changes: some Collection<(path: String, id: ObjectID?)>, writer: ObjectWriter
    ) throws -> ObjectID {
        var counts: [Substring: (puts: Int, deletes: Int)] = [:]
        for (path, content) in changes {
            guard let directory = typeDirectory(of: path) else {
                throw SnapshotError.corrupt(path: path, reason: "not a record path")
            }
            if content == nil {
                counts[directory, default: (0, 0)].deletes += 1
            } else {
                counts[directory, default: (0, 0)].puts += 1
            }
        }
        var deeper: [Substring: Int] = [:]
        var converted: [Substring: Int] = [:]
        var bases: [Substring: ObjectID] = [:]
        for (directory, count) in counts {
            let base = try root.flatMap { try subtree(at: directory, in: $0, writer.repository) }
            bases[directory] = base
            let (current, target) = try depths(
                base: base, puts: count.puts, deletes: count.deletes, in: writer.repository
            ) { _ in
                guard let root else { return count.puts }
                let puts = changes.compactMap {
                    $0.id != nil && typeDirectory(of: $0.path) == directory ? $0.path : nil
                }
                return try blobIDs(at: puts, inSnapshot: root, repository: writer.repository).count { $0 == nil }
            }
            if let current, current != target {
                converted[directory] = target
            } else if target > 1 {
                deeper[directory] = target
            }
        }
        // The usual case: every type stays at one level, and the paths go through as they are.
        guard !deeper.isEmpty || !converted.isEmpty else { return try writer.updateTree(root, blobs: changes) }

        var convertedChanges: [Substring: [String: ObjectID?]] = [:]
        for (path, content) in changes {
            guard let directory = typeDirectory(of: path), converted[directory] != nil else { continue }
            convertedChanges[directory, default: [:]][String(path[path.index(after: directory.endIndex)...])] = content
        }
        var subtrees: [String: ObjectID?] = [:]
        for (directory, target) in converted {
            guard let base = bases[directory] else { continue }
            let id = try convert(base, changes: convertedChanges[directory] ?? [:], to: target, writer: writer)
            subtrees[String(directory)] = id == .emptyTree ? .some(nil) : id
        }
        // A type at two levels or more is patched one first-level fan-out directory at a time, its paths
        // placed one directory at a time: the placed paths and patch of a million records, all at
        // once, were a third of a first push's peak memory. Its changes are gathered by directory
        // as file names (`<encoded>.json`, most too short to need an allocation), one type at a time.
        for (directory, depth) in deeper {
            var groups: [String: [(file: String, id: ObjectID?)]] = [:]
            for (path, blob) in changes where typeDirectory(of: path) == directory {
                let inType = path[path.index(after: directory.endIndex)...]
                guard let slash = inType.utf8.firstIndex(of: UInt8(ascii: "/")) else {
                    throw SnapshotError.corrupt(path: path, reason: "not a record path")
                }
                groups[String(inType[..<slash]), default: []].append((String(RecordPath.fileName(of: path)), blob))
            }
            let id = try updateDeeperType(bases[directory], depth: depth, groups: groups, writer: writer)
            subtrees[String(directory)] = id == .emptyTree ? .some(nil) : id
        }
        let oneLevel = changes.lazy.filter { change in
            typeDirectory(of: change.path).map { deeper[$0] == nil && converted[$0] == nil } ?? false
        }
        return try writer.updateTree(root, blobs: oneLevel, subtrees: subtrees)
    }

    /// Patches the tree of a type at `depth` (two levels or more), `base`, with `groups` (first-level fan-out
    /// directory → its changed files, `<encoded>.json` → blob, nil deleting), one fan-out directory
    /// at a time.
    /// - Returns: the new tree; ``ObjectID/emptyTree`` when nothing is left.
    private static func updateDeeperType(
        _ base: ObjectID?, depth: Int, groups: [String: [(file: String, id: ObjectID?)]], writer: ObjectWriter
    ) throws -> ObjectID {
        var baseDirectories: [String: ObjectID] = [:]
        if let base {
            for entry in try writer.repository.tree(base) where entry.isTree { baseDirectories[entry.name] = entry.id }
        }
        var directories: [String: ObjectID?] = [:]
        for (fanOut, files) in groups {
            let placed = try files.map { (path: try RecordPath.placed($0.file, depth: depth), id: $0.id) }
            let id = try writer.updateTree(baseDirectories[fanOut], blobs: placed)
            directories[fanOut] = id == .emptyTree ? .some(nil) : id
        }
        return try writer.updateTree(base, blobs: [(path: String, id: ObjectID?)](), subtrees: directories)
    }

    /// The tree of a type directory (`records/<Type>`) in a snapshot's root, if there is one.
    static func subtree(at directory: Substring, in root: ObjectID, _ repository: GitRepository) throws -> ObjectID? {
        try repository.entry(at: String(directory), inTree: root).flatMap { $0.isTree ? $0.id : nil }
    }

    /// Moves `items` to the deeper fan-out levels, in place (`place` moves one); on all cores when
    /// there are many (a first snapshot of 10M records hashes every name a second time for its `yy`).
    private static func placeDeeper<Item>(_ items: inout [Item], place: @Sendable (inout Item) throws -> Void) throws {
        let chunkCount = items.count < 100_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let count = items.count
        try items.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            // Each chunk writes only its own elements.
            let chunks = Parallel.map(chunkCount) { chunk in
                Result { () throws -> Void in
                    for index in Parallel.slice(chunk, of: chunkCount, count: count) {
                        try place(&buffer[index])
                    }
                }
            }
            for chunk in chunks { try chunk.get() }
        }
    }

    private static func placed(_ changes: [String: [UInt8]?], depth: Int) throws -> [String: [UInt8]?] {
        guard depth > 1 else { return changes }
        var result: [String: [UInt8]?] = [:]
        result.reserveCapacity(changes.count)
        for (path, content) in changes { result[try RecordPath.placed(path, depth: depth)] = content }
        return result
    }
}
