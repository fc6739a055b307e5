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
        // First-level directory → file name → blob.
        var directories: [String: [String: ObjectID]] = [:]
        for directory in try repository.tree(base) where directory.isTree {
            var files: [String: ObjectID] = [:]
            for entry in try repository.tree(directory.id) {
                guard entry.isTree else {
                    files[entry.name] = entry.id
                    continue
                }
                for file in try repository.tree(entry.id) where !file.isTree { files[file.name] = file.id }
            }
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
            let fileEntries = files.map { TreeEntry(name: $0.key, id: $0.value, isTree: false) }
            guard depth == 2 else {
                top.append(TreeEntry(name: name, id: try writer.writeTree(fileEntries), isTree: true))
                continue
            }
            var leaves: [String: [TreeEntry]] = [:]
            for entry in fileEntries {
                // "yy/<file>": the second fan-out directory of the record the file names.
                let placed = try RecordPath.placed(entry.name, depth: 2)
                leaves[String(placed.prefix(2)), default: []].append(entry)
            }
            let middle = try leaves.map { TreeEntry(name: $0.key, id: try writer.writeTree($0.value), isTree: true) }
            top.append(TreeEntry(name: name, id: try writer.writeTree(middle), isTree: true))
        }
        return try writer.writeTree(top)
    }
}
