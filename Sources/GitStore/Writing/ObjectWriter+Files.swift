import CLibGit2

extension ObjectWriter {
    /// Writes a nested tree holding `files` (in any order), e.g. `records/Airport/3f/EGLL.json`.
    ///
    /// The result depends only on `files`. `base`, the previous version of this tree, makes it
    /// cheap: a subtree whose computed id equals the base's is neither rewritten nor inspected,
    /// and a blob equal to the base's at the same path is not looked up.
    /// - Throws: ``GitError`` for an invalid path, a path given twice, or a file where another
    ///   path needs a directory.
    public func writeTree(files: [TreeFile], base: ObjectID?) throws -> ObjectID {
        try writeTree(files: files, subtrees: [:], base: base)
    }

    /// Like ``writeTree(files:base:)``, and also splices existing trees in by id: `subtrees` maps
    /// a slash-separated path to a tree the repository (or this writer) already holds, e.g. an
    /// unchanged record type's subtree given without its files.
    /// - Throws: ``GitError`` also if a spliced tree does not exist or collides with a file.
    public func writeTree(files: [TreeFile], subtrees: [String: ObjectID], base: ObjectID?) throws -> ObjectID {
        let blobs = FileBlobs(files, compressionLevel: compressionLevel)
        var output = TreeOutput()
        let id = try assemble(
            files.indices.lazy.map { (files[$0].path, $0) }, ids: blobs.ids, subtrees: subtrees, base: base,
            output: &output)
        try blobs.write(output.pending.indices, to: self)
        return id
    }

    /// Like ``writeTree(files:base:)``, with each file given by a blob already written
    /// (``writeBlob(_:)``, or one the repository holds): a fetch writes its records' blobs page
    /// by page, and only their ids wait for the tree.
    /// - Parameter checkingBlobs: false when the caller wrote every blob through this writer itself
    ///   or found it in the repository (a large import): they are not looked up again. At ten
    ///   million blobs, in the seven packs a writer seals, the lookups took five seconds.
    /// - Throws: also ``GitError``, when checking blobs, for one neither in this writer nor in
    ///   the repository.
    public func writeTree(
        blobs: [(path: String, id: ObjectID)], base: ObjectID?, checkingBlobs: Bool = true
    ) throws -> ObjectID {
        let ids = blobs.map(\.id)
        var output = TreeOutput(checksBlobs: checkingBlobs)
        let id = try assemble(
            blobs.indices.lazy.map { (blobs[$0].path, $0) }, ids: { ids }, subtrees: [:], base: base, output: &output)
        try output.pending.requireNone(ids: ids, function: "ObjectWriter.writeTree") { blobs[$0].path }
        return id
    }

    /// The tree of `files` (path → index in the ids, asked for once the directories are assembled)
    /// and `subtrees`; blobs it needs that neither this writer nor the repository holds are added
    /// to `output.pending`.
    private func assemble(
        _ files: some Sequence<(path: String, index: Int)>, ids: () throws -> [ObjectID], subtrees: [String: ObjectID],
        base: ObjectID?, output: inout TreeOutput
    ) throws -> ObjectID {
        let root = DirectoryNode()
        var nodes: [Substring: DirectoryNode] = [:]

        func directory(_ path: Substring?, for fullPath: String) throws -> DirectoryNode {
            guard let path else { return root }
            if let node = nodes[path] { return node }
            let (parentPath, name) = try Self.splitPath(path, fullPath: fullPath)
            let parent = try directory(parentPath, for: fullPath)
            let node = DirectoryNode()
            parent.directories.append((Array(name.utf8), node))
            nodes[path] = node
            return node
        }

        for (path, index) in files {
            let (parent, name) = try Self.splitPath(Substring(path), fullPath: path)
            try directory(parent, for: path).files.append((Array(name.utf8), index))
        }
        for (path, id) in subtrees {
            let (parent, name) = try Self.splitPath(Substring(path), fullPath: path)
            try directory(parent, for: path).spliced.append((Array(name.utf8), id))
        }
        return try build(root, base: base, ids: ids(), output: &output, path: "")
    }

    /// Computes the id of `node` bottom-up, writing the trees that are new and collecting the
    /// blobs that are, which are compressed together afterwards. The directories of a fan-out
    /// level are built on all cores (``forEachDirectory(_:output:ids:_:)``).
    private func build(
        _ node: DirectoryNode, base: ObjectID?, ids: [ObjectID], output: inout TreeOutput, path: String
    ) throws -> ObjectID {
        // A base written by this same writer cannot be read back before finish(); it is only a hint.
        let base = base.flatMap { self.pending($0, kind: .tree) ? nil : $0 }
        var baseEntries: [[UInt8]: ObjectFormat.Entry]?
        func readBase() throws -> [[UInt8]: ObjectFormat.Entry]? {
            guard let base else { return nil }
            if baseEntries == nil {
                let content = try repository.readObject(base, expecting: GIT_OBJECT_TREE)
                baseEntries = Dictionary(ObjectFormat.parseTree(content).map { ($0.name, $0) }) { first, _ in first }
            }
            return baseEntries
        }

        var entries: [ObjectFormat.Entry] = []
        entries.reserveCapacity(node.files.count + node.directories.count + node.spliced.count)
        // Read before the workers, which only read them.
        nonisolated(unsafe) let directories = node.directories
        nonisolated(unsafe) let directoryBases = directories.isEmpty ? nil : try readBase()
        entries += try forEachDirectory(directories.count, output: &output, ids: ids) { number, output in
            let (name, child) = directories[number]
            let childBase = directoryBases?[name].flatMap { $0.isTree ? $0.id : nil }
            let childPath = path + String(decoding: name, as: UTF8.self) + "/"
            let id = try build(child, base: childBase, ids: ids, output: &output, path: childPath)
            return ObjectFormat.Entry(name: name, id: id, isTree: true)
        }
        for (name, id) in node.spliced {
            if id == .emptyTree {
                if !exists(id, kind: .tree) { try store(tree: [], id: id, in: &output) }
                entries.append(ObjectFormat.Entry(name: name, id: id, isTree: true))
                continue
            }
            guard exists(id, kind: .tree) else {
                throw GitError(
                    function: "ObjectWriter.writeTree", code: .notFound,
                    message: "spliced subtree \(id.hex) does not exist",
                    context: path + String(decoding: name, as: UTF8.self))
            }
            entries.append(ObjectFormat.Entry(name: name, id: id, isTree: true))
        }
        for (name, index) in node.files {
            entries.append(ObjectFormat.Entry(name: name, id: ids[index], isTree: false))
        }

        let sorted = try ObjectFormat.sorted(entries)
        let content = ObjectFormat.treeContent(sorted)
        let id = ObjectFormat.id(of: .tree, content: content)
        // An existing tree implies all it references exists: nothing below needs writing.
        if id == base || exists(id, kind: .tree) { return id }
        for (name, index) in node.files where output.checksBlobs {
            let blob = ids[index]
            if let old = try readBase()?[name], !old.isTree, old.id == blob { continue }
            output.pending.add(blob, index: index) { exists($0, kind: .blob) }
        }
        try store(tree: content, id: id, in: &output)
        return id
    }
}

/// A directory while a tree is assembled from paths.
final class DirectoryNode {
    var files: [(name: [UInt8], index: Int)] = []
    var directories: [(name: [UInt8], node: DirectoryNode)] = []
    var spliced: [(name: [UInt8], id: ObjectID)] = []
}

/// Blobs to write, each id once (identical files share a blob).
struct PendingBlobs {
    private(set) var indices: [Int] = []
    private var ids = ObjectIDSet()

    mutating func add(_ id: ObjectID, index: Int, exists: (ObjectID) -> Bool) {
        guard !ids.contains(id), !exists(id) else { return }
        ids.insert(id)
        indices.append(index)
    }

    /// Adds what another worker's patch found pending, which it checked already.
    mutating func merge(_ other: PendingBlobs, ids: [ObjectID]) {
        for index in other.indices { add(ids[index], index: index) { _ in false } }
    }

    /// For a tree of blobs given by id, which must all be written already: throws for the first
    /// that is not, naming its path.
    func requireNone(ids: [ObjectID], function: String, path: (Int) -> String) throws {
        guard let missing = indices.first else { return }
        throw GitError(
            function: function, code: .notFound, message: "blob \(ids[missing].hex) does not exist",
            context: path(missing))
    }
}
