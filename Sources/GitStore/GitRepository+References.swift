import CLibGit2

extension GitRepository {
    /// The commit a ref points at (following symbolic refs), or nil if the ref does not exist.
    /// - Parameter name: a full ref name such as `refs/heads/main`.
    public func reference(_ name: String) throws -> ObjectID? {
        try locked {
            var oid = git_oid()
            let code = git_reference_name_to_id(&oid, pointer, name)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try LibGit2.check(code, "git_reference_name_to_id", context: name)
            return ObjectID(oid)
        }
    }

    /// Every ref whose full name starts with `prefix`, with the id it resolves to.
    public func references(prefix: String) throws -> [String: ObjectID] {
        try locked {
            var iterator: OpaquePointer?
            try LibGit2.check(git_reference_iterator_new(&iterator, pointer), "git_reference_iterator_new", context: path)
            defer { git_reference_iterator_free(iterator) }
            var result: [String: ObjectID] = [:]
            while true {
                var name: UnsafePointer<CChar>?
                let code = git_reference_next_name(&name, iterator)
                if code == GIT_ITEROVER.rawValue { break }
                try LibGit2.check(code, "git_reference_next_name", context: prefix)
                let refName = String(cString: name!)
                guard refName.hasPrefix(prefix) else { continue }
                var oid = git_oid()
                let resolved = git_reference_name_to_id(&oid, pointer, refName)
                // A symbolic ref to a branch that does not exist yet (an unborn HEAD) has no id.
                if resolved == GIT_ENOTFOUND.rawValue { continue }
                try LibGit2.check(resolved, "git_reference_name_to_id", context: refName)
                result[refName] = ObjectID(oid)
            }
            return result
        }
    }

    /// Moves `name` to `new` only if it still points at `expecting` (compare-and-swap), and
    /// records `message` in the ref's reflog (in repositories made by ``create(bareAt:)`` or with
    /// `core.logAllRefUpdates` set; bare repositories default to no reflogs).
    ///
    /// - Parameter old: the id the ref must hold now; nil means the ref must not exist yet.
    /// - Throws: ``GitError`` with code ``GitError/Code/modified`` or ``GitError/Code/exists``
    ///   when the ref moved underneath; the ref is left as it was.
    public func updateReference(_ name: String, to new: ObjectID, expecting old: ObjectID?, message: String) throws {
        try locked {
            // Bare repositories do not log ref updates unless a log exists (core.logAllRefUpdates).
            try LibGit2.check(git_reference_ensure_log(pointer, name), "git_reference_ensure_log", context: name)
            var newOID = new.gitOID
            var reference: OpaquePointer?
            defer { git_reference_free(reference) }
            guard let old else {
                // > force: Overwrite existing references (0 = fail if it exists: GIT_EEXISTS)
                // > https://libgit2.org/libgit2/#v1.5.0/group/reference/git_reference_create
                try LibGit2.check(
                    git_reference_create(&reference, pointer, name, &newOID, 0, message), "git_reference_create",
                    context: name)
                return
            }
            // create_matching does not reject a missing ref when force is set, so check that first.
            var current = git_oid()
            let lookup = git_reference_name_to_id(&current, pointer, name)
            if lookup == GIT_ENOTFOUND.rawValue {
                throw GitError(
                    function: "git_reference_create_matching", code: .modified,
                    message: "reference does not exist, expected it at \(old.hex)", context: name)
            }
            var oldOID = old.gitOID
            // > current_id: The expected value of the reference when updating (GIT_EMODIFIED if it differs)
            // > https://libgit2.org/libgit2/#v1.5.0/group/reference/git_reference_create_matching
            try LibGit2.check(
                git_reference_create_matching(&reference, pointer, name, &newOID, 1, &oldOID, message),
                "git_reference_create_matching", context: name)
        }
    }
}
