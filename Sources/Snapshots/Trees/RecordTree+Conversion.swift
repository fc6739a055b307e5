import GitStore

extension RecordTree {
    /// Rewrites a type's tree at `depth`, with `changes` (`<xx>/<encoded>.json` → the id of a blob
    /// already written, nil deleting) applied. Every record keeps its blob, placed by id without being read, so the
    /// trees before and after hold the same records and diff empty by name.
    /// - Returns: the new tree; ``ObjectID/emptyTree`` when nothing is left.
    static func convert(
        _ base: ObjectID, changes: [String: ObjectID?], to depth: Int, writer: ObjectWriter
    ) throws -> ObjectID {
        let repository = writer.repository
        // First-level directory → file name → blob, from whatever depth the tree has.
        var directories: [String: [String: ObjectID]] = [:]
        func collect(_ tree: ObjectID, into files: inout [String: ObjectID]) throws {
            for entry in try repository.tree(tree) {
                if entry.isTree {
                    try collect(entry.id, into: &files)
                } else {
                    files[entry.name] = entry.id
                }
            }
        }
        for directory in try repository.tree(base) where directory.isTree {
            var files: [String: ObjectID] = [:]
            try collect(directory.id, into: &files)
            directories[directory.name] = files
        }
        for (path, blob) in changes {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw SnapshotError.corrupt(path: path, reason: "not a record path in a type")
            }
            let (directory, file) = (String(parts[0]), String(parts[1]))
            directories[directory, default: [:]][file] = blob
        }

        var top: [TreeEntry] = []
        for (name, files) in directories where !files.isEmpty {
            guard depth > 1 else {
                let entries = files.map { TreeEntry(name: $0.key, id: $0.value, isTree: false) }
                top.append(TreeEntry(name: name, id: try writer.writeTree(entries), isTree: true))
                continue
            }
            // "yy/<file>" or "yy/z/<file>": the deeper fan-out directories of the record the file names.
            let placed = try files.map { (path: try RecordPath.placed($0.key, depth: depth), id: $0.value) }
            top.append(TreeEntry(name: name, id: try writer.writeTree(blobs: placed, base: nil), isTree: true))
        }
        return try writer.writeTree(top)
    }
}
