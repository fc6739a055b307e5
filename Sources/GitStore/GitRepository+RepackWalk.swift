import CLibGit2

extension GitRepository {
    /// Inserts every commit reachable from `tips`, and every tree and blob under them, into a
    /// packbuilder: trees with their paths, blobs with their file names.
    ///
    /// libgit2's `git_packbuilder_insert_walk` inserts trees without a name. The packbuilder looks
    /// for deltas among objects sorted by a hash of their name, then by size, ten at a time; with no
    /// name, every version of every fan-out tree falls in one bucket sorted by size alone, where a
    /// tree rarely meets its own previous version, and most were packed whole: 11 MB a 1 % sync at
    /// a million records instead of a few hundred kB of deltas. A path puts the versions of one
    /// directory (and its `records/` and `server/` twins, whose hash differs only in the first
    /// characters) side by side, as `git pack-objects` does.
    ///
    /// Must run inside `locked`.
    func insertReachable(into builder: OpaquePointer?, tips: Set<ObjectID>) throws {
        var walk: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walk, pointer), "git_revwalk_new", context: path)
        defer { git_revwalk_free(walk) }
        for tip in tips {
            var oid = tip.gitOID
            try LibGit2.check(git_revwalk_push(walk, &oid), "git_revwalk_push", context: tip.hex)
        }
        var insertedTrees = Set<ObjectID>()
        var commitID = git_oid()
        while true {
            let code = git_revwalk_next(&commitID, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(code, "git_revwalk_next", context: path)
            try LibGit2.check(
                git_packbuilder_insert(builder, &commitID, nil), "git_packbuilder_insert",
                context: ObjectID(commitID).hex)
            var commit: OpaquePointer?
            try LibGit2.check(
                git_commit_lookup(&commit, pointer, &commitID), "git_commit_lookup", context: ObjectID(commitID).hex)
            defer { git_commit_free(commit) }
            guard let tree = git_commit_tree_id(commit) else {
                throw GitError(
                    function: "git_commit_tree_id", message: "a commit without a tree", context: ObjectID(commitID).hex)
            }
            try insertTree(ObjectID(tree), path: "", into: builder, inserted: &insertedTrees)
        }
    }

    /// Inserts a tree not inserted before, and what it holds; `path` is the tree's ("" for a root).
    private func insertTree(
        _ id: ObjectID, path treePath: String, into builder: OpaquePointer?, inserted: inout Set<ObjectID>
    ) throws {
        guard inserted.insert(id).inserted else { return }
        var oid = id.gitOID
        try LibGit2.check(
            git_packbuilder_insert(builder, &oid, treePath.isEmpty ? nil : treePath), "git_packbuilder_insert",
            context: id.hex)
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, pointer, &oid), "git_tree_lookup", context: id.hex)
        defer { git_tree_free(tree) }
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), let entryID = git_tree_entry_id(entry),
                let name = git_tree_entry_name(entry)
            else { continue }
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE:
                let child = String(cString: name)
                try insertTree(
                    ObjectID(entryID), path: treePath.isEmpty ? child : treePath + "/" + child, into: builder,
                    inserted: &inserted)
            case GIT_OBJECT_BLOB:
                // The packbuilder skips an id it holds already, as insert_walk relies on.
                try LibGit2.check(
                    git_packbuilder_insert(builder, entryID, name), "git_packbuilder_insert",
                    context: ObjectID(entryID).hex)
            default:
                continue  // a submodule's commit: not in this repository
            }
        }
    }
}
