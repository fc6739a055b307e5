import CLibGit2
import Foundation

/// Existence checks for a writer's batch, without a filesystem call per missing object.
///
/// The repository's odb asks its loose backend first, one `access()` per id, which for a first
/// snapshot of a million records is a million misses. GitStore never writes loose objects, so
/// when `objects/` holds none this lookup consults only the packs: through the repository's
/// ``PackReader`` when it reads every pack (libgit2's pack backend bisects each pack's index, and
/// a new object, absent from all of them, cost twenty-odd probes a pack: a third of the patch of
/// 10,000 records at ten million), else through libgit2's pack backend. A stale answer is
/// harmless: an object missed here is written again into the new pack, and git accepts an id in
/// two packs.
final class ObjectLookup {
    private let packs: PackReader?
    private let odb: OpaquePointer?
    private let repository: GitRepository

    init(repository: GitRepository, objectsDirectory: String) throws {
        self.repository = repository
        let fileManager = FileManager.default
        let hasAlternates = fileManager.fileExists(atPath: objectsDirectory + "/info/alternates")
        let hasLoose = ((try? fileManager.contentsOfDirectory(atPath: objectsDirectory)) ?? []).contains { name in
            name.count == 2 && name.allSatisfy(\.isHexDigit)
                && !((try? fileManager.contentsOfDirectory(atPath: objectsDirectory + "/" + name))?.isEmpty ?? true)
        }
        guard !hasAlternates, !hasLoose else {
            (packs, odb) = (nil, nil)
            return
        }
        let reader = try repository.packs
        guard !reader.readsEveryPack else {
            (packs, odb) = (reader, nil)
            return
        }
        packs = nil
        var odb: OpaquePointer?
        try LibGit2.check(git_odb_new(&odb), "git_odb_new", context: objectsDirectory)
        var backend: UnsafeMutablePointer<git_odb_backend>?
        do {
            try LibGit2.check(
                git_odb_backend_pack(&backend, objectsDirectory), "git_odb_backend_pack", context: objectsDirectory)
            // > git_odb_add_backend: ... the backend will be freed when the odb is freed.
            // > https://libgit2.org/libgit2/#v1.5.0/group/odb/git_odb_add_backend
            try LibGit2.check(git_odb_add_backend(odb, backend, 1), "git_odb_add_backend", context: objectsDirectory)
        } catch {
            if let backend, let free = backend.pointee.free { free(backend) }
            git_odb_free(odb)
            throw error
        }
        self.odb = odb
    }

    deinit {
        git_odb_free(odb)
    }

    /// Whether the repository holds `id`, as of when this lookup was made.
    func contains(_ id: ObjectID) -> Bool {
        if let packs { return packs.contains(id) }
        guard let odb else { return repository.containsWithoutRefresh(id) }
        var oid = id.gitOID
        // > GIT_ODB_LOOKUP_NO_REFRESH: Don't call `git_odb_refresh` if the lookup fails. Useful when
        // > doing a batch of lookup operations for objects that may legitimately not exist.
        // > https://libgit2.org/libgit2/#v1.5.0/type/git_odb_lookup_flags_t
        return git_odb_exists_ext(odb, &oid, GIT_ODB_LOOKUP_NO_REFRESH.rawValue) == 1
    }
}
