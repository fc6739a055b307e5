import CLibGit2
import Foundation

extension GitRepository {
    /// Blob-level differences between two trees, sorted by path; nil stands for the empty tree.
    ///
    /// Subtrees with equal ids are skipped without being read; two versions of a tree are
    /// compared by walking their entries side by side, as git does, without building paths or
    /// strings for the entries that are equal (a fan-out tree holds thousands).
    ///
    /// A directory that holds files on one side and directories on the other is a fan-out that
    /// gained or lost a level: the files below it are paired by file name, whatever their
    /// directories, so the same file moved one level down is no change (``diffAcrossDepths``).
    public func diffTrees(from old: ObjectID?, to new: ObjectID?) throws -> [TreeDelta] {
        var deltas: [TreeDelta] = []
        try diff(old, new, prefix: "", into: &deltas)
        // In place: a sorted copy of a million deltas was one more copy at a plan's peak.
        deltas.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return deltas
    }

    /// The number of entries of a tree, read without building them.
    public func entryCount(ofTree id: ObjectID) throws -> Int {
        try locked {
            if let known = entryCounts[id] { return known }
            let count = RawTree.count(try readObject(id, expecting: GIT_OBJECT_TREE))
            entryCounts[id] = count
            return count
        }
    }

    /// Reads a tree whole, remembering its entry count.
    private func rawTree(_ id: ObjectID) throws -> RawTree {
        let tree = RawTree(try readObject(id, expecting: GIT_OBJECT_TREE))
        locked { entryCounts[id] = tree.count }
        return tree
    }

    /// A pair of subtrees to diff: both versions of a directory, or one side only.
    private typealias SubtreePair = (old: ObjectID?, new: ObjectID?, prefix: String)

    private func diff(_ old: ObjectID?, _ new: ObjectID?, prefix: String, into deltas: inout [TreeDelta]) throws {
        guard old != new else { return }
        let oldTree = try old.map(rawTree) ?? RawTree([])
        let newTree = try new.map(rawTree) ?? RawTree([])
        if let first = oldTree.entries.first, let other = newTree.entries.first, first.isTree != other.isTree {
            return try diffAcrossDepths(oldTree, newTree, prefix: prefix, into: &deltas)
        }
        var subtrees: [SubtreePair] = []

        func gone(_ entry: RawTree.Entry, of tree: RawTree) {
            let path = prefix + tree.name(entry)
            if entry.isTree {
                subtrees.append((entry.id, nil, path + "/"))
            } else {
                deltas.append(TreeDelta(path: path, old: entry.id, new: nil))
            }
        }
        func added(_ entry: RawTree.Entry, of tree: RawTree) {
            let path = prefix + tree.name(entry)
            if entry.isTree {
                subtrees.append((nil, entry.id, path + "/"))
            } else {
                deltas.append(TreeDelta(path: path, old: nil, new: entry.id))
            }
        }

        var i = 0
        var j = 0
        while i < oldTree.entries.count || j < newTree.entries.count {
            guard j < newTree.entries.count else {
                gone(oldTree.entries[i], of: oldTree)
                i += 1
                continue
            }
            guard i < oldTree.entries.count else {
                added(newTree.entries[j], of: newTree)
                j += 1
                continue
            }
            let before = oldTree.entries[i]
            let after = newTree.entries[j]
            switch RawTree.order(before, in: oldTree, after, in: newTree) {
            case .less:
                gone(before, of: oldTree)
                i += 1
            case .greater:
                added(after, of: newTree)
                j += 1
            case .equal:
                // The same name and kind.
                if before.id != after.id {
                    let path = prefix + oldTree.name(before)
                    if before.isTree {
                        subtrees.append((before.id, after.id, path + "/"))
                    } else {
                        deltas.append(TreeDelta(path: path, old: before.id, new: after.id))
                    }
                }
                i += 1
                j += 1
            }
        }
        try diff(subtrees, into: &deltas)
    }

    /// Diffs `pairs`; the many changed directories of a fan-out level on all cores, each core
    /// reading its own share (objects in packs are read without a lock, ``PackReader``).
    private func diff(_ pairs: [SubtreePair], into deltas: inout [TreeDelta]) throws {
        let workers = pairs.count < 16 ? 1 : min(pairs.count, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1 else {
            for pair in pairs { try diff(pair.old, pair.new, prefix: pair.prefix, into: &deltas) }
            return
        }
        let results = [Result<[TreeDelta], any Error>](unsafeUninitializedCapacity: workers) { buffer, count in
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let share = DeflateWorker.slice(worker, of: workers, count: pairs.count)
                (base + worker).initialize(
                    to: Result {
                        var found: [TreeDelta] = []
                        for pair in pairs[share] { try diff(pair.old, pair.new, prefix: pair.prefix, into: &found) }
                        return found
                    })
            }
            count = workers
        }
        for result in results { deltas += try result.get() }
    }
}

extension GitRepository {
    /// The blob at each of `paths` (slash-separated) below `root`; nil where there is none.
    ///
    /// Each tree along the way is read once for all the paths that pass through it, so looking
    /// up thousands of records costs one read of each fan-out tree, not one per record.
    public func blobIDs(at paths: [String], inTree root: ObjectID) throws -> [ObjectID?] {
        var result = [ObjectID?](repeating: nil, count: paths.count)
        let segments = paths.map { $0.split(separator: "/", omittingEmptySubsequences: false) }
        try lookUp(Array(paths.indices), segments: segments, depth: 0, tree: root, into: &result)
        return result
    }

    private func lookUp(
        _ indices: [Int], segments: [[Substring]], depth: Int, tree: ObjectID, into result: inout [ObjectID?]
    ) throws {
        let raw = RawTree(try readObject(tree, expecting: GIT_OBJECT_TREE))
        var groups: [Substring: [Int]] = [:]
        for index in indices { groups[segments[index][depth], default: []].append(index) }
        for (name, members) in groups {
            let bytes = Array(name.utf8)
            let files = members.filter { segments[$0].count == depth + 1 }
            let below = members.filter { segments[$0].count > depth + 1 }
            if !files.isEmpty, let entry = raw.find(bytes, isTree: false) {
                for index in files { result[index] = entry.id }
            }
            if !below.isEmpty, let entry = raw.find(bytes, isTree: true) {
                try lookUp(below, segments: segments, depth: depth + 1, tree: entry.id, into: &result)
            }
        }
    }
}
