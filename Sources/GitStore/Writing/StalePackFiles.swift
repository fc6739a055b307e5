import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes the temporary packs (`tmp_pack_cksync_*`, and their `.idx`) that a pack writer killed
/// before `install()` leaves in `objects/pack`.
///
/// Writers of one repository may run at once (`snapshot`, `status` and `diff` take no workspace
/// lock), so a temporary file is removed only when its writer is surely gone: every writer holds
/// `flock(LOCK_EX)` on its temporary pack for its whole life, and the kernel drops that lock when
/// the writer dies; a file must also be older than `minimumAge`, which covers a writer between
/// creating its file and locking it, an index being renamed into place, and writers of older
/// cksync versions that took no lock.
enum StalePackFiles {
    static let prefix = "tmp_pack_cksync_"
    static let minimumAge: TimeInterval = 120

    /// Removes stale temporary packs in `directory`; returns the names removed. Files it cannot
    /// inspect are left alone: clean-up never stops a write.
    @discardableResult
    static func remove(in directory: String, now: Date = Date()) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            return []  // the write that follows reports an unusable directory itself
        }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            let path = directory + "/" + name
            // An index belongs to the pack it was written for; its writer's lock is on that pack.
            let packPath = name.hasSuffix(".idx") ? String(path.dropLast(4)) : path
            guard isOld(path, now: now), !isLocked(packPath) else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    private static func isOld(_ path: String, now: Date) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        #if canImport(Darwin)
            let modified = TimeInterval(info.st_mtimespec.tv_sec)
        #else
            let modified = TimeInterval(info.st_mtim.tv_sec)
        #endif
        return now.timeIntervalSince1970 - modified > minimumAge
    }

    /// Whether a live writer holds the lock on the pack at `path` (false when it is gone).
    private static func isLocked(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return errno != ENOENT }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_EX | LOCK_NB) != 0
    }
}
