import CLibGit2
import Foundation

extension ObjectWriter {
    /// Applies changes to an existing tree and writes the result: the incremental path, which
    /// reads only the subtrees along changed paths and never touches the rest.
    ///
    /// - Parameters:
    ///   - base: the tree to change; nil starts from the empty tree.
    ///   - changes: slash-separated path → new content, or nil to delete the file there.
    ///   - subtrees: slash-separated path → an existing tree to place there, or nil to delete
    ///     the directory there.
    /// - Returns: the new root tree. Directories left empty disappear; an empty root is
    ///   ``ObjectID/emptyTree``.
    /// - Throws: ``GitError`` for an invalid path, a path that is both changed and inside
    ///   another changed path, or a `base` written by this writer before ``finish()``.
    public func updateTree(
        _ base: ObjectID?, changes: [String: [UInt8]?], subtrees: [String: ObjectID?] = [:]
    ) throws -> ObjectID {
        var deltas: [TreeDelta]?
        return try patch(base, changes: changes, subtrees: subtrees, deltas: &deltas)
    }

    /// ``updateTree(_:changes:subtrees:)`` that also tells what the patch changed: the blob-level
    /// differences between `base` and the new tree that ``GitRepository/diffTrees(from:to:)`` would
    /// find, in no particular order, without reading either tree again. A snapshot's changeset
    /// comes from them: at ten million records, diffing the trees took a third of a second.
    /// The blobs it replaces with others are asked from the disk as the patch finds them
    /// (``ReplacedBlobPrefetch``): the changeset compares them next.
    /// - Returns: nil deltas when a change put a file where `base` has a directory, or deleted a
    ///   directory by its path: only a diff can list the files below it.
    public func updateTreeWithDeltas(
        _ base: ObjectID?, changes: [String: [UInt8]?]
    ) throws -> (tree: ObjectID, deltas: [TreeDelta]?) {
        var deltas: [TreeDelta]? = []
        let id = try patch(base, changes: changes, subtrees: [:], deltas: &deltas)
        return (id, deltas)
    }

    /// The two above: the blobs of `changes` hashed and compressed while the patch's directories
    /// are assembled (``FileBlobs``), and written after it.
    private func patch(
        _ base: ObjectID?, changes: [String: [UInt8]?], subtrees: [String: ObjectID?], deltas: inout [TreeDelta]?
    ) throws -> ObjectID {
        let files = changes.compactMap { path, content in content.map { TreeFile(path: path, content: $0) } }
        let blobs = FileBlobs(files, compressionLevel: compressionLevel)
        var entries: [(path: String, index: Int?)] = files.indices.map { (files[$0].path, $0) }
        for (path, content) in changes where content == nil { entries.append((path, nil)) }
        var output = TreeOutput(deltas: deltas, looksUpRepository: false)
        if deltas != nil { output.replacedBlobs = ReplacedBlobPrefetch(packs: try repository.packs) }
        let id = try patch(base, files: entries, ids: blobs.ids, subtrees: subtrees, output: &output)
        output.replacedBlobs?.flush()
        try blobs.write(output.pending.indices, to: self)
        deltas = output.deltas
        return id
    }

    /// Like ``updateTree(_:changes:subtrees:)``, with each file given by a blob already written
    /// (``writeBlob(_:)``, or one the repository holds): a sync writes its records' blobs as the
    /// server confirms them, and only their ids wait for the tree.
    /// - Parameter blobs: slash-separated path → blob id, or nil to delete the file there; a later
    ///   change of a path replaces an earlier one. Read twice.
    /// - Throws: also ``GitError`` when a blob is neither in this writer nor in the repository.
    public func updateTree(
        _ base: ObjectID?, blobs: some Collection<(path: String, id: ObjectID?)>, subtrees: [String: ObjectID?] = [:]
    ) throws -> ObjectID {
        // One id per change, deletions holding a placeholder no file refers to.
        let ids = blobs.map { $0.id ?? .emptyTree }
        let files = blobs.lazy.enumerated().map { (path: $1.path, index: $1.id == nil ? nil : $0) }
        var output = TreeOutput()
        let id = try patch(base, files: files, ids: { ids }, subtrees: subtrees, output: &output)
        try output.pending.requireNone(ids: ids, function: "ObjectWriter.updateTree") { missing in
            files.first { $0.index == missing }?.path ?? "/"
        }
        return id
    }

    /// The patched tree; blobs it needs that neither this writer nor the repository holds are
    /// added to `output.pending`, by their index in the ids, which are asked for once the
    /// directories the paths name are assembled.
    private func patch(
        _ base: ObjectID?, files: some Sequence<(path: String, index: Int?)>, ids: () throws -> [ObjectID],
        subtrees: [String: ObjectID?], output: inout TreeOutput
    ) throws -> ObjectID {
        let root = PatchNode()
        func node(_ path: Substring?, for fullPath: String) throws -> PatchNode {
            guard let path else { return root }
            let (parent, name) = try Self.splitPath(path, fullPath: fullPath)
            let parentNode = try node(parent, for: fullPath)
            let key = Array(name.utf8)
            if let existing = parentNode.directories[key] { return existing }
            let created = PatchNode()
            parentNode.directories[key] = created
            return created
        }
        for (path, index) in files {
            let (parent, name) = try Self.splitPath(Substring(path), fullPath: path)
            try node(parent, for: path).files[Array(name.utf8)] = .some(index)
        }
        for (path, id) in subtrees {
            let (parent, name) = try Self.splitPath(Substring(path), fullPath: path)
            try node(parent, for: path).subtrees[Array(name.utf8)] = .some(id)
        }
        // A spliced subtree's files are known only to a diff.
        if !subtrees.isEmpty { output.deltas = nil }
        return try apply(root, to: base, ids: ids(), output: &output, path: "") ?? writeTree(sorted: [])
    }

    /// Splits `path` at its last slash, validating every segment it looks at.
    static func splitPath(_ path: Substring, fullPath: String) throws -> (parent: Substring?, name: Substring) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else {
            try ObjectFormat.validate(name: path.utf8, path: fullPath)
            return (nil, path)
        }
        let parent = path[..<slash]
        let name = path[path.index(after: slash)...]
        try ObjectFormat.validate(name: name.utf8, path: fullPath)
        if parent.isEmpty { try ObjectFormat.validate(name: parent.utf8, path: fullPath) }
        return (parent, name)
    }

    /// The patched version of `base` below `node`, or nil when nothing is left in it.
    private func apply(
        _ node: PatchNode, to base: ObjectID?, ids: [ObjectID], output: inout TreeOutput, path: String
    ) throws -> ObjectID? {
        // Base entries stay in their (git) order; changed names are dropped from them and the
        // few replacements merged back in, so a 4,000-entry fan-out tree is never re-sorted.
        let base = base == .emptyTree ? nil : base
        if let id = base, self.pending(id, kind: .tree) {
            throw GitError(
                function: "ObjectWriter.updateTree", code: .notFound,
                message: "tree \(id.hex) is in this writer's unfinished pack; call finish() before patching it",
                context: path.isEmpty ? "/" : path)
        }
        let baseContent = try base.map { try repository.readObject($0, expecting: GIT_OBJECT_TREE) }
        if let baseContent, node.directories.isEmpty, node.subtrees.isEmpty,
            let patched = patchLeaf(base: baseContent, files: node.files, ids: ids, output: &output, path: path)
        {
            guard !patched.isEmpty else { return nil }
            let id = ObjectFormat.id(of: .tree, content: patched)
            // A patch that changes nothing gives the base back, which the repository holds.
            if id != base { try store(tree: patched, id: id, in: &output) }
            return id
        }
        let baseEntries = baseContent.map(ObjectFormat.parseTree) ?? []
        let touched = Set(node.directories.keys).union(node.files.keys).union(node.subtrees.keys)
        var old: [[UInt8]: ObjectFormat.Entry] = [:]
        for entry in baseEntries where touched.contains(entry.name) { old[entry.name] = entry }
        var added: [ObjectFormat.Entry] = []

        func conflict(_ name: [UInt8]) -> GitError {
            GitError(
                function: "ObjectWriter.updateTree", message: "a path is changed both as a file and as a directory",
                context: path + String(decoding: name, as: UTF8.self))
        }
        for name in node.directories.keys {
            if node.files[name] != nil || node.subtrees[name] != nil { throw conflict(name) }
            if old[name]?.isTree == false { output.deltas = nil }
        }
        // The directories' trees are read next: from the disk, when it comes to it, all at once
        // and one fan-out directory's leaves in one read.
        try repository.prefetch(node.directories.keys.compactMap { old[$0].flatMap { $0.isTree ? $0.id : nil } })
        for (name, id) in try applyDirectories(of: node, old: old, ids: ids, output: &output, path: path) {
            if let id { added.append(ObjectFormat.Entry(name: name, id: id, isTree: true)) }
        }
        for (name, id) in node.subtrees {
            if node.files[name] != nil { throw conflict(name) }
            guard let id else { continue }
            guard exists(id, kind: .tree) else {
                throw GitError(
                    function: "ObjectWriter.updateTree", code: .notFound, message: "subtree \(id.hex) does not exist",
                    context: path + String(decoding: name, as: UTF8.self))
            }
            added.append(ObjectFormat.Entry(name: name, id: id, isTree: true))
        }
        for (name, index) in node.files {
            let previous = old[name]
            if previous?.isTree == true { output.deltas = nil }
            let blob = index.map { ids[$0] }
            if let previous, !previous.isTree, previous.id == blob {
                added.append(previous)
                continue
            }
            output.recordChange(path: path, name: name, old: previous?.id, new: blob)
            guard let index, let blob else { continue }
            let lookingUp = output.looksUpRepository
            output.pending.add(blob, index: index) { holds($0, kind: .blob, lookingUpRepository: lookingUp) }
            added.append(ObjectFormat.Entry(name: name, id: blob, isTree: false))
        }
        let kept = baseEntries.filter { !touched.contains($0.name) }
        if kept.isEmpty && added.isEmpty { return nil }
        let content = ObjectFormat.treeContent(ObjectFormat.merge(kept, added.sorted(by: ObjectFormat.precedes)))
        let id = ObjectFormat.id(of: .tree, content: content)
        if id != base { try store(tree: content, id: id, in: &output) }
        return id
    }

    /// The patched versions of the directories below `node` (nil: nothing is left in one), on all
    /// cores when they are many (``forEachDirectory(_:output:ids:_:)``).
    private func applyDirectories(
        of node: PatchNode, old: [[UInt8]: ObjectFormat.Entry], ids: [ObjectID], output: inout TreeOutput,
        path: String
    ) throws -> [(name: [UInt8], id: ObjectID?)] {
        // Nodes are only read while the workers run.
        nonisolated(unsafe) let directories = Array(node.directories)
        return try forEachDirectory(directories.count, output: &output, ids: ids) { number, output in
            let (name, child) = directories[number]
            let id = try apply(
                child, to: old[name].flatMap { $0.isTree ? $0.id : nil }, ids: ids, output: &output,
                path: path + String(decoding: name, as: UTF8.self) + "/")
            return (name, id)
        }
    }
}

/// The changes below one directory of an ``ObjectWriter/updateTree(_:changes:subtrees:)``.
final class PatchNode {
    /// name → index of the new content, or nil to delete.
    var files: [[UInt8]: Int?] = [:]
    var directories: [[UInt8]: PatchNode] = [:]
    var subtrees: [[UInt8]: ObjectID?] = [:]
}
