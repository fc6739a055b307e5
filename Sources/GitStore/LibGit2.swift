import CLibGit2

/// Process-wide libgit2 setup and the one place return codes become ``GitError``s.
enum LibGit2 {
    /// Runs `git_libgit2_init()` exactly once, on first use.
    static let initialized: Void = {
        // > This function must be called before any other libgit2 function in order to set up
        // > global state and threading. https://libgit2.org/libgit2/#HEAD/group/libgit2/git_libgit2_init
        _ = git_libgit2_init()
        // > GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION: … This may impact performance due to an
        // > additional checksum calculation on each object. This defaults to enabled.
        // > https://libgit2.org/libgit2/#v1.5.0/group/libgit2/git_libgit2_opts
        // git itself does not hash what it reads back; zlib's checksum still guards each object,
        // and `git fsck` checks the ids. Hashing every object read was a sixth of `log`.
        _ = cksync_git_set_strict_hash_verification(0)
        // > GIT_OPT_SET_MWINDOW_SIZE / GIT_OPT_SET_MWINDOW_MAPPED_LIMIT: the size of the windows
        // > into pack files libgit2 maps, and the most it keeps mapped (1 GiB and 8 GiB on 64-bit).
        // A push reads every record of a million-record snapshot from its pack; with the defaults
        // each page it touched stayed mapped, 700 MB of the process's peak memory. Windows of
        // 32 MiB, 256 MiB in all, cost nothing measurable: reads go through the page cache anyway.
        _ = cksync_git_set_mwindow_size(32 << 20)
        _ = cksync_git_set_mwindow_mapped_limit(mappedWindowLimit)
    }()

    /// The most of pack files libgit2 keeps mapped, normally.
    static let mappedWindowLimit = 256 << 20

    /// Runs `body`, a repack's reading of every object once, with libgit2 set for it, then sets
    /// libgit2 back. The settings are the process's: only for work nothing runs beside.
    /// - Up to 8 GiB of pack windows stay mapped: the walk reads every pack, a few objects at a
    ///   time each, and within the usual 256 MiB a repack of a year of syncs spent a third of its
    ///   time unmapping windows and mapping them again. The pages are the page cache's.
    /// - No object cache: every object is read once (a base once more, just after), and libgit2's
    ///   cache, which evicts from the front of its hash table, made its lookups 40 % of a repack
    ///   of a hundred syncs, for the millions of blobs it never holds.
    static func forRepack<T>(_ body: () throws -> T) rethrows -> T {
        try forScatteredReads {
            _ = cksync_git_enable_caching(0)
            defer { _ = cksync_git_enable_caching(1) }
            return try body()
        }
    }

    /// Runs `body`, which reads objects from anywhere in the packs (the leaves and records a sync
    /// of k changes touches, or a repack's every object), with up to 8 GiB of pack windows left
    /// mapped.
    ///
    /// Within the usual 256 MiB, reading 10,000 records scattered over a 7 GB pack (a first
    /// snapshot of ten million records is stored uncompressed) unmapped a 32 MiB window on nearly
    /// every read, and each unmapping stops every core to flush its TLB: a third of an
    /// incremental snapshot's time. Only the pages read stay mapped, and they are the page cache's.
    /// The setting is the process's: nested calls keep the outer one's, and the limit before is
    /// set back after.
    static func forScatteredReads<T>(_ body: () throws -> T) rethrows -> T {
        let limit = cksync_git_get_mwindow_mapped_limit()
        _ = cksync_git_set_mwindow_mapped_limit(max(limit, 8 << 30))
        defer { _ = cksync_git_set_mwindow_mapped_limit(limit) }
        return try body()
    }

    /// Throws a ``GitError`` for a negative return code, reading libgit2's thread-local last
    /// error at once; returns the code otherwise.
    @discardableResult
    static func check(_ code: Int32, _ function: String, context: String? = nil) throws -> Int32 {
        guard code < 0 else { return code }
        throw error(code, function, context: context)
    }

    /// The ``GitError`` for a failed call, with libgit2's last message.
    static func error(_ code: Int32, _ function: String, context: String? = nil) -> GitError {
        var message = "unknown error"
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        }
        return GitError(function: function, code: GitError.Code(rawValue: code), message: message, context: context)
    }
}

extension ObjectID {
    /// Copies a libgit2 object id.
    init(_ oid: git_oid) {
        var oid = oid
        self = withUnsafeBytes(of: &oid.id) { ObjectID(pointer: $0.baseAddress!) }
    }

    /// Copies a libgit2 object id from a pointer libgit2 owns.
    init(_ oid: UnsafePointer<git_oid>) {
        self.init(oid.pointee)
    }

    /// The libgit2 representation.
    var gitOID: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { store(to: $0.baseAddress!) }
        return oid
    }
}

extension Signature {
    /// Copies a libgit2 signature.
    init(_ signature: UnsafePointer<git_signature>) {
        let s = signature.pointee
        self.init(
            name: String(cString: s.name), email: String(cString: s.email), time: s.when.time,
            offsetMinutes: Int(s.when.offset))
    }
}
