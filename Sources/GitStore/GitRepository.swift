import CLibGit2
import Foundation

/// A bare git repository holding cksync snapshots.
///
/// The only class in GitStore besides ``ObjectWriter``: it owns the libgit2 repository and
/// object database handles and frees them in `deinit`. Every value it returns is a copy.
/// Calls are serialized by a lock, so one instance may be shared across threads.
public final class GitRepository: @unchecked Sendable {
    /// The repository directory as given when it was opened or created.
    public let path: String

    let pointer: OpaquePointer
    let odb: OpaquePointer
    private let lock = NSRecursiveLock()
    /// Entry counts of trees this instance has read whole, so that counting records after a diff
    /// does not read the same fan-out trees again. Guarded by `lock`.
    var entryCounts: [ObjectID: Int] = [:]
    /// The packs as of the last ``refreshObjects()``, read without libgit2. Guarded by `lock`.
    private var packReader: PackReader?

    private init(pointer: OpaquePointer, path: String) throws {
        var odb: OpaquePointer?
        do {
            try LibGit2.check(git_repository_odb(&odb, pointer), "git_repository_odb", context: path)
        } catch {
            git_repository_free(pointer)
            throw error
        }
        self.pointer = pointer
        self.odb = odb!
        self.path = path
    }

    deinit {
        git_odb_free(odb)
        git_repository_free(pointer)
    }

    /// Creates a new bare repository whose `HEAD` points at `refs/heads/main`, with reflogs on
    /// (`core.logAllRefUpdates`), so ``updateReference(_:to:expecting:message:)`` leaves a trail.
    /// - Throws: ``GitError`` if `path` already holds a repository or cannot be created.
    public static func create(bareAt path: String) throws -> GitRepository {
        _ = LibGit2.initialized
        var existing: OpaquePointer?
        if git_repository_open_ext(&existing, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil) == 0 {
            git_repository_free(existing)
            throw GitError(
                function: "GitRepository.create", code: .exists, message: "a git repository already exists there",
                context: path)
        }
        var options = git_repository_init_options()
        try LibGit2.check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "git_repository_init_options_init")
        options.flags =
            GIT_REPOSITORY_INIT_BARE.rawValue | GIT_REPOSITORY_INIT_MKPATH.rawValue
            | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var repository: OpaquePointer?
        try "main".withCString { head in
            options.initial_head = head
            try LibGit2.check(
                git_repository_init_ext(&repository, path, &options), "git_repository_init_ext", context: path)
        }
        let created = try GitRepository(pointer: repository!, path: path)
        try created.enableReflogs()
        return created
    }

    /// Sets `core.logAllRefUpdates`: bare repositories default to no reflogs at all, and libgit2
    /// then skips them even for refs that have a log file.
    private func enableReflogs() throws {
        var config: OpaquePointer?
        try LibGit2.check(git_repository_config(&config, pointer), "git_repository_config", context: path)
        defer { git_config_free(config) }
        try LibGit2.check(
            git_config_set_bool(config, "core.logAllRefUpdates", 1), "git_config_set_bool", context: path)
    }

    /// Opens the existing bare repository at `path`.
    /// - Throws: ``GitError`` naming `path` if there is no bare repository there.
    public convenience init(bareAt path: String) throws {
        _ = LibGit2.initialized
        var repository: OpaquePointer?
        try LibGit2.check(git_repository_open_bare(&repository, path), "git_repository_open_bare", context: path)
        try self.init(pointer: repository!, path: path)
    }

    /// Runs `body` holding the repository's lock.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The reader of the packs this instance knows; made again after ``refreshObjects()``.
    var packs: PackReader {
        get throws {
            try locked {
                if let packReader { return packReader }
                let reader = try PackReader(packDirectory: objectsDirectory + "/pack")
                packReader = reader
                return reader
            }
        }
    }

    /// Reads the packs through one table of all their objects (``PackObjectTable``) until the
    /// next ``refreshObjects()``: for looking up most of them, as a repack does.
    func tablePackedObjects() throws {
        try locked { packReader = try PackReader(packDirectory: objectsDirectory + "/pack", tablingEveryObject: true) }
    }

    /// Forgets the pack reader, after packs were installed or removed.
    func forgetPacks() {
        locked { packReader = nil }
    }

    /// Starts a pack of new objects; nothing it writes is visible before ``ObjectWriter/finish()``.
    public func makeWriter() throws -> ObjectWriter {
        try makeWriter(compressionLevel: 1)
    }

    /// Starts a pack of new objects with a zlib level from 0 (stored: fastest, 1.7× larger)
    /// to 9; `git gc` recompresses later either way.
    public func makeWriter(compressionLevel: Int32) throws -> ObjectWriter {
        try ObjectWriter(repository: self, compressionLevel: compressionLevel)
    }

    /// The `objects` directory.
    var objectsDirectory: String {
        locked { String(cString: git_repository_path(pointer)) } + "objects"
    }
}
