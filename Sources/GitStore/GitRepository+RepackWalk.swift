import CLibGit2

extension GitRepository {
    /// Every commit reachable from `tips`, and every tree and blob under them, each once, in the
    /// order a walk from the newest commit meets them, with the path each was first met at.
    ///
    /// The order is the one the pack is written in: the newest version of every path comes first
    /// and is stored whole, each older version after it as a delta of the version met just before
    /// at the same path (`DeltaPack`). A tree already met is not opened again: everything under it
    /// has been listed.
    ///
    /// Must run inside `locked`.
    func reachableObjects(
        from tips: Set<ObjectID>, progress: (@Sendable (RepackProgress) -> Void)?
    ) throws -> [PackedObject] {
        var walk: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walk, pointer), "git_revwalk_new", context: path)
        defer { git_revwalk_free(walk) }
        for tip in tips {
            var oid = tip.gitOID
            try LibGit2.check(git_revwalk_push(walk, &oid), "git_revwalk_push", context: tip.hex)
        }
        var listing = ObjectListing(progress: progress)
        var commitID = git_oid()
        while true {
            let code = git_revwalk_next(&commitID, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(code, "git_revwalk_next", context: path)
            let commit = ObjectID(commitID)
            listing.add(commit, kind: .commit, path: 0)
            let tree = try withRawObject(commit, expecting: GIT_OBJECT_COMMIT) { content in
                // A commit starts "tree <40 hex digits>\n".
                let prefix = Array("tree ".utf8)
                guard content.count >= 45, content.prefix(5).elementsEqual(prefix),
                    let id = ObjectID(hex: String(decoding: content[5..<45], as: UTF8.self))
                else {
                    throw GitError(
                        function: "GitRepository.reachableObjects", message: "a commit without a tree",
                        context: commit.hex)
                }
                return id
            }
            try listTree(tree, path: PackedObject.rootPath, into: &listing)
        }
        listing.report(final: true)
        return listing.objects
    }

    /// Lists a tree not met before, and what it holds that was not.
    private func listTree(_ id: ObjectID, path treePath: UInt64, into listing: inout ObjectListing) throws {
        guard listing.add(id, kind: .tree, path: treePath) else { return }
        var subtrees: [(ObjectID, UInt64)] = []
        try withRawObject(id, expecting: GIT_OBJECT_TREE) { content in
            var position = 0
            while position < content.count {
                guard let space = content[position...].firstIndex(of: 0x20),
                    let nul = content[space...].firstIndex(of: 0),
                    nul + 21 <= content.count
                else {
                    throw GitError(
                        function: "GitRepository.reachableObjects", message: "a malformed tree", context: id.hex)
                }
                let entryPath = PackedObject.path(
                    treePath, name: UnsafeRawBufferPointer(rebasing: content[space + 1..<nul]))
                let entryID = ObjectID(pointer: content.baseAddress! + nul + 1)
                // Modes: 40000 a tree, 160000 a submodule's commit (not in this repository), else a blob.
                switch (content[position], content[position + 1]) {
                case (UInt8(ascii: "4"), _): subtrees.append((entryID, entryPath))
                case (UInt8(ascii: "1"), UInt8(ascii: "6")): break
                default: listing.add(entryID, kind: .blob, path: entryPath)
                }
                position = nul + 21
            }
        }
        for (subtree, subtreePath) in subtrees {
            try listTree(subtree, path: subtreePath, into: &listing)
        }
    }
}

/// The objects of a repack as a walk meets them, each once.
private struct ObjectListing {
    var objects: [PackedObject] = []
    private var met = Set<ObjectID>()
    private let progress: (@Sendable (RepackProgress) -> Void)?

    init(progress: (@Sendable (RepackProgress) -> Void)?) { self.progress = progress }

    /// Lists an object not met before; false when it was.
    @discardableResult
    mutating func add(_ id: ObjectID, kind: ObjectFormat.Kind, path: UInt64) -> Bool {
        guard met.insert(id).inserted else { return false }
        objects.append(PackedObject(path: path, id: id, kind: kind))
        if objects.count % 8192 == 0 { report(final: false) }
        return true
    }

    func report(final: Bool) {
        progress?(RepackProgress(stage: .countingObjects, done: objects.count, total: final ? objects.count : 0))
    }
}
