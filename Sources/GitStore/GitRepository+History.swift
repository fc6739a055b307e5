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
}
