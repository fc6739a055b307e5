import CLibGit2

extension GitRepository {
    /// The content of a blob.
    /// - Throws: ``GitError`` if `id` is missing or not a blob.
    public func blob(_ id: ObjectID) throws -> [UInt8] {
        try readObject(id, expecting: GIT_OBJECT_BLOB)
    }

    /// The entries of a tree, in git order.
    /// - Throws: ``GitError`` if `id` is missing or not a tree.
    public func tree(_ id: ObjectID) throws -> [TreeEntry] {
        try locked {
            try withTree(id) { tree in
                (0..<git_tree_entrycount(tree)).map { index in
                    let entry = git_tree_entry_byindex(tree, index)!
                    return TreeEntry(
                        name: String(cString: git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry)),
                        isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE)
                }
            }
        }
    }

    /// The first entry of a tree in git order, or nil for the empty tree; the others are not built.
    /// - Throws: ``GitError`` if `id` is missing or not a tree.
    public func firstEntry(ofTree id: ObjectID) throws -> TreeEntry? {
        try locked {
            try withTree(id) { tree in
                guard let entry = git_tree_entry_byindex(tree, 0) else { return nil }
                return TreeEntry(
                    name: String(cString: git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry)),
                    isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE)
            }
        }
    }

    /// A commit's tree, parents, message and signatures.
    /// - Throws: ``GitError`` if `id` is missing or not a commit.
    public func commit(_ id: ObjectID) throws -> Commit {
        try locked {
            var oid = id.gitOID
            var commit: OpaquePointer?
            try LibGit2.check(git_commit_lookup(&commit, pointer, &oid), "git_commit_lookup", context: id.hex)
            defer { git_commit_free(commit) }
            return Commit(
                id: id, tree: ObjectID(git_commit_tree_id(commit)),
                parents: (0..<git_commit_parentcount(commit)).map { ObjectID(git_commit_parent_id(commit, $0)) },
                message: String(cString: git_commit_message(commit)),
                author: Signature(git_commit_author(commit)), committer: Signature(git_commit_committer(commit)))
        }
    }

    /// Whether the object database holds `id` (any type).
    /// Runs `body`, which reads a bounded number of objects scattered over the packs (a
    /// changeset, a tree patch), leaving the pack windows it maps mapped until it returns.
    package static func readingScattered<T>(_ body: () throws -> T) rethrows -> T {
        _ = LibGit2.initialized
        return try LibGit2.forScatteredReads(body)
    }

    public func contains(_ id: ObjectID) -> Bool {
        locked {
            var oid = id.gitOID
            return git_odb_exists(odb, &oid) == 1
        }
    }

    /// The entry at a slash-separated path below `tree`, or nil if there is none.
    /// - Throws: ``GitError`` if `tree` is missing or not a tree.
    public func entry(at path: String, inTree tree: ObjectID) throws -> TreeEntry? {
        try locked {
            try withTree(tree) { tree in
                var entry: OpaquePointer?
                let code = git_tree_entry_bypath(&entry, tree, path)
                if code == GIT_ENOTFOUND.rawValue { return nil }
                try LibGit2.check(code, "git_tree_entry_bypath", context: path)
                defer { git_tree_entry_free(entry) }
                return TreeEntry(
                    name: String(cString: git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry)),
                    isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE)
            }
        }
    }

    /// Whether the object database holds `id`, without rescanning `objects/pack` on a miss.
    /// Call ``refreshObjects()`` once before a batch of these.
    func containsWithoutRefresh(_ id: ObjectID) -> Bool {
        locked {
            var oid = id.gitOID
            // > GIT_ODB_LOOKUP_NO_REFRESH: Don't call `git_odb_refresh` if the lookup fails. Useful when
            // > doing a batch of lookup operations for objects that may legitimately not exist.
            // > https://libgit2.org/libgit2/#v1.5.0/type/git_odb_lookup_flags_t
            return git_odb_exists_ext(odb, &oid, GIT_ODB_LOOKUP_NO_REFRESH.rawValue) == 1
        }
    }

    /// Makes the object database rescan `objects/pack`, e.g. after a pack was installed.
    func refreshObjects() throws {
        _ = try locked {
            forgetPacks()
            return try LibGit2.check(git_odb_refresh(odb), "git_odb_refresh", context: path)
        }
    }

    /// Where the packs hold each of `ids` (nil for an id they do not hold), for reading many
    /// blobs with ``blob(_:at:)`` after ``prefetch(at:)``.
    package func locateBlobs(_ ids: [ObjectID?]) throws -> [PackLocation?] {
        try packs.locate(ids)
    }

    /// Asks the kernel to start reading the objects at `locations` from the disk, all at once,
    /// unless they are in the page cache (`PackReader.prefetch`): for reading them one by one next.
    package static func prefetch(at locations: [PackLocation?]) {
        PackReader.prefetch(at: locations)
    }

    /// Asks the kernel to start reading the objects `ids` from the disk, all at once, unless they
    /// are in the page cache: for reading them one by one next.
    func prefetch(_ ids: [ObjectID]) throws {
        try packs.prefetch(ids)
    }

    /// The content of blob `id`, read where ``locateBlobs(_:)`` found it (nil: as ``blob(_:)`` reads it).
    /// - Throws: ``GitError`` if `id` is missing or not a blob.
    package func blob(_ id: ObjectID, at location: PackLocation?) throws -> [UInt8] {
        guard let location, let (found, content) = try packs.object(at: location) else { return try blob(id) }
        try Self.check(found, is: GIT_OBJECT_BLOB, id: id)
        return content
    }

    /// The raw content of an object of the given type.
    func readObject(_ id: ObjectID, expecting type: git_object_t) throws -> [UInt8] {
        // The reader's array itself, not a copy of it made through `withRawObject`.
        if let (found, content) = try packs.object(id) {
            try Self.check(found, is: type, id: id)
            return content
        }
        return try withDatabaseObject(id, expecting: type) { Array($0) }
    }

    /// Calls `body` with an object's raw content: read from the packs, or through libgit2's object
    /// database without a copy.
    func withRawObject<T>(
        _ id: ObjectID, expecting type: git_object_t, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        if let (found, content) = try packs.object(id) {
            try Self.check(found, is: type, id: id)
            return try content.withUnsafeBytes(body)
        }
        return try withDatabaseObject(id, expecting: type, body)
    }

    /// Calls `body` with an object's raw content read through libgit2's object database, without a
    /// copy: for what ``PackReader`` does not read (deltas, loose objects), which it has looked for
    /// already.
    private func withDatabaseObject<T>(
        _ id: ObjectID, expecting type: git_object_t, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        try locked {
            var oid = id.gitOID
            var object: OpaquePointer?
            try LibGit2.check(git_odb_read(&object, odb, &oid), "git_odb_read", context: id.hex)
            defer { git_odb_object_free(object) }
            try Self.check(git_odb_object_type(object), is: type, id: id)
            return try body(
                UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object)))
        }
    }

    private static func check(_ found: git_object_t, is type: git_object_t, id: ObjectID) throws {
        guard found != type else { return }
        throw GitError(
            function: "git_odb_read", code: .generic,
            message: "object is a \(String(cString: git_object_type2string(found))), "
                + "not a \(String(cString: git_object_type2string(type)))",
            context: id.hex)
    }

    private func withTree<T>(_ id: ObjectID, _ body: (OpaquePointer) throws -> T) throws -> T {
        var oid = id.gitOID
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, pointer, &oid), "git_tree_lookup", context: id.hex)
        defer { git_tree_free(tree) }
        return try body(tree!)
    }
}
