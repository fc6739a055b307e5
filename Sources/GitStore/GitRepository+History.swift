import CLibGit2

extension GitRepository {
    /// A revision peeled to a commit id: a full id, a unique prefix of at least 4 digits, a ref
    /// name (`main`, `refs/remotes/x/main`), or an expression like `main~2` or `HEAD^`.
    /// - Throws: ``GitError`` naming `revision` if it does not resolve to a commit.
    public func resolve(_ revision: String) throws -> ObjectID {
        try locked {
            var object: OpaquePointer?
            try LibGit2.check(git_revparse_single(&object, pointer, revision), "git_revparse_single", context: revision)
            defer { git_object_free(object) }
            var commit: OpaquePointer?
            try LibGit2.check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel", context: revision)
            defer { git_object_free(commit) }
            return ObjectID(git_object_id(commit))
        }
    }

    /// First-parent history starting at `from`, newest first, at most `limit` commits.
    public func history(from: ObjectID, limit: Int? = nil) throws -> [Commit] {
        var result: [Commit] = []
        var next: ObjectID? = from
        while let id = next, result.count < (limit ?? Int.max) {
            let commit = try commit(id)
            result.append(commit)
            next = commit.parents.first
        }
        return result
    }

    /// Blob-level differences between two trees, sorted by path; nil stands for the empty tree.
    /// Subtrees with equal ids are skipped without being read (`git_diff_tree_to_tree`).
    public func diffTrees(from old: ObjectID?, to new: ObjectID?) throws -> [TreeDelta] {
        try locked {
            let oldTree = try lookupTree(old)
            defer { git_tree_free(oldTree) }
            let newTree = try lookupTree(new)
            defer { git_tree_free(newTree) }
            var diff: OpaquePointer?
            try LibGit2.check(
                git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), "git_diff_tree_to_tree",
                context: "\(old?.hex ?? "empty tree")..\(new?.hex ?? "empty tree")")
            defer { git_diff_free(diff) }
            var deltas: [TreeDelta] = []
            for index in 0..<git_diff_num_deltas(diff) {
                let delta = git_diff_get_delta(diff, index)!.pointee
                let added = delta.status == GIT_DELTA_ADDED
                let deleted = delta.status == GIT_DELTA_DELETED
                let file = deleted ? delta.old_file : delta.new_file
                deltas.append(
                    TreeDelta(
                        path: String(cString: file.path), old: added ? nil : ObjectID(delta.old_file.id),
                        new: deleted ? nil : ObjectID(delta.new_file.id)))
            }
            return deltas.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        }
    }

    private func lookupTree(_ id: ObjectID?) throws -> OpaquePointer? {
        guard let id else { return nil }
        var oid = id.gitOID
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, pointer, &oid), "git_tree_lookup", context: id.hex)
        return tree
    }
}
