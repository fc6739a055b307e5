import CLibGit2

extension GitRepository {
    /// Compares two versions of a directory whose files sit at different depths (`xx/name` on one
    /// side, `xx/yy/name` on the other) by file name: equal ids are no change, so converting a
    /// fan-out from one level to two diffs empty. Each delta carries the path of its newer side.
    ///
    /// Every file below both sides is listed, so this costs a read of the whole directory; it runs
    /// only where the two sides' layouts differ, never in the same-depth walk.
    func diffAcrossDepths(_ old: RawTree, _ new: RawTree, prefix: String, into deltas: inout [TreeDelta]) throws {
        let before = try files(below: old).sorted(by: FlatFile.precedes)
        let after = try files(below: new).sorted(by: FlatFile.precedes)
        var i = 0
        var j = 0
        while i < before.count || j < after.count {
            if j == after.count || (i < before.count && FlatFile.precedes(before[i], after[j])) {
                deltas.append(TreeDelta(path: prefix + before[i].path, old: before[i].id, new: nil))
                i += 1
            } else if i == before.count || FlatFile.precedes(after[j], before[i]) {
                deltas.append(TreeDelta(path: prefix + after[j].path, old: nil, new: after[j].id))
                j += 1
            } else {
                if before[i].id != after[j].id {
                    deltas.append(TreeDelta(path: prefix + after[j].path, old: before[i].id, new: after[j].id))
                }
                i += 1
                j += 1
            }
        }
    }

    /// The files of `tree` and of every directory below it; paths are built lazily, names stay bytes.
    private func files(below tree: RawTree) throws -> [FlatFile] {
        var result: [FlatFile] = []
        result.reserveCapacity(tree.count)
        func collect(_ tree: RawTree, directory: String) throws {
            for entry in tree.entries {
                if entry.isTree {
                    let child = RawTree(try readObject(entry.id, expecting: GIT_OBJECT_TREE))
                    try collect(child, directory: directory + tree.name(entry) + "/")
                } else {
                    result.append(
                        FlatFile(
                            directory: directory, name: tree.content[entry.nameStart..<entry.nameEnd], id: entry.id))
                }
            }
        }
        try collect(tree, directory: "")
        return result
    }
}

/// A file found below a directory, for pairing by name across layouts.
private struct FlatFile {
    /// The directories between the compared directory and the file, each followed by `/`.
    var directory: String
    var name: ArraySlice<UInt8>
    var id: ObjectID

    var path: String { directory + String(decoding: name, as: UTF8.self) }

    static func precedes(_ lhs: FlatFile, _ rhs: FlatFile) -> Bool {
        lhs.name.lexicographicallyPrecedes(rhs.name)
    }
}
