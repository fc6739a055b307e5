import CLibGit2

extension GitRepository {
    /// Every commit reachable from `tips`, and every tree and blob under them, each once, in the
    /// order a walk from the newest commit meets them, with the path each was first met at.
    ///
    /// The order is the one the pack is written in (`DeltaPack`): the newest version of every path
    /// comes first, each older version after it. A tree already met is not opened again:
    /// everything under it has been listed.
    ///
    /// - Parameter within: when given, only these objects are listed, and only trees among them
    ///   are opened: the objects of a few new packs, whose other objects are older.
    /// Must run inside `locked`.
    func reachableObjects(
        from tips: Set<ObjectID>, within: Set<ObjectID>? = nil, progress: (@Sendable (RepackProgress) -> Void)?
    ) throws -> [PackedObject] {
        var walk: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walk, pointer), "git_revwalk_new", context: path)
        defer { git_revwalk_free(walk) }
        for tip in tips {
            var oid = tip.gitOID
            try LibGit2.check(git_revwalk_push(walk, &oid), "git_revwalk_push", context: tip.hex)
        }
        var listing = ObjectListing(within: within, progress: progress)
        var commitID = git_oid()
        while true {
            let code = git_revwalk_next(&commitID, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(code, "git_revwalk_next", context: path)
            let commit = ObjectID(commitID)
            guard listing.add(commit, kind: .commit, path: 0, family: 0, twin: 0) else { continue }
            let tree = try withRawObject(commit, expecting: GIT_OBJECT_COMMIT) { content in
                // A commit starts "tree <40 hex digits>\n".
                guard content.count >= 45, content.prefix(5).elementsEqual("tree ".utf8),
                    let id = ObjectID(hex: String(decoding: content[5..<45], as: UTF8.self))
                else {
                    throw GitError(
                        function: "GitRepository.reachableObjects", message: "a commit without a tree",
                        context: commit.hex)
                }
                return id
            }
            try listTree(tree, path: PackedObject.rootPath, level: 0, family: 0, twin: 0, into: &listing)
        }
        listing.report(final: true)
        return listing.objects
    }

    /// Lists a tree not met before, and what it holds that was not.
    /// - Parameters:
    ///   - level: 0 for a root, 1 for a top-level tree (`records`), and so on.
    ///   - family: from level 2 on, the path of the tree's ancestor at level 2 (`records/Airport`).
    ///   - twin: from level 2 on, the tree's path without its first part (0 above).
    private func listTree(
        _ id: ObjectID, path treePath: UInt64, level: Int, family: UInt64, twin: UInt64,
        into listing: inout ObjectListing
    ) throws {
        guard listing.add(id, kind: .tree, path: treePath, family: 0, twin: twin) else { return }
        var subtrees: [(id: ObjectID, path: UInt64, twin: UInt64)] = []
        let whole = try withRawObject(id, expecting: GIT_OBJECT_TREE) { content in
            RawTree.walk(content) { start, nameStart, nameEnd, entryID, isTree in
                let name = UnsafeRawBufferPointer(rebasing: content[nameStart..<nameEnd])
                let entryPath = PackedObject.path(treePath, name: name)
                let entryTwin =
                    level == 0 ? 0 : PackedObject.path(level == 1 ? PackedObject.rootPath : twin, name: name)
                // Modes: 40000 a tree, 160000 a submodule's commit (not in this repository), else a blob.
                if isTree {
                    subtrees.append((entryID(), entryPath, entryTwin))
                } else if content[start..<start + 2].elementsEqual("16".utf8) {
                    return
                } else {
                    listing.add(entryID(), kind: .blob, path: entryPath, family: level >= 2 ? family : 0, twin: 0)
                }
            }
        }
        guard whole else {
            throw GitError(function: "GitRepository.reachableObjects", message: "a malformed tree", context: id.hex)
        }
        for subtree in subtrees {
            let childFamily = level == 1 ? subtree.path : family
            try listTree(
                subtree.id, path: subtree.path, level: level + 1, family: childFamily, twin: subtree.twin,
                into: &listing)
        }
    }
}

/// The objects of a repack as a walk meets them, each once.
private struct ObjectListing {
    var objects: [PackedObject] = []
    private var met = ObjectIDSet()
    private let within: Set<ObjectID>?
    private let progress: (@Sendable (RepackProgress) -> Void)?

    init(within: Set<ObjectID>?, progress: (@Sendable (RepackProgress) -> Void)?) {
        self.within = within
        self.progress = progress
    }

    /// Lists an object not met before; false when it was, or is not among those to list.
    @discardableResult
    mutating func add(_ id: ObjectID, kind: ObjectFormat.Kind, path: UInt64, family: UInt64, twin: UInt64) -> Bool {
        guard within?.contains(id) ?? true, met.insert(id) else { return false }
        objects.append(PackedObject(path: path, family: family, twin: twin, id: id, kind: kind))
        if objects.count % 8192 == 0 { report(final: false) }
        return true
    }

    func report(final: Bool) {
        progress?(RepackProgress(stage: .countingObjects, done: objects.count, total: final ? objects.count : 0))
    }
}
