import Foundation

extension RowCache {
    /// A file of its own for one draft of the cache at `path`, beside it: two processes that
    /// snapshot one workspace at once (`status`, `diff` and `snapshot` take no workspace lock)
    /// each write their own rows. Sharing one name, they wrote into the same file, and the cache
    /// put in place could hold one's rows under the other's tree.
    static func draftPath(for path: String) -> String {
        path + draftMarker + "\(getpid())-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// What the name of a draft adds to its cache's, before what sets it apart.
    private static let draftMarker = ".tmp-"

    /// Opens a new draft file at `path` and locks it: its writer holds it under an exclusive
    /// `flock` until it renames or removes it, so that a draft no process holds is one whose
    /// writer was stopped (`removeAbandonedDrafts(of:)`). A file system without locks has the
    /// file written unlocked. Returns -1 when the file cannot be created.
    static func createDraft(at path: String) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return -1 }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        return fd
    }

    /// Removes the drafts of the cache at `path` left by processes stopped while they wrote them
    /// (at ten million rows, 270 MB each), and the one draft file of earlier versions (`.tmp`):
    /// those it can lock. A draft being written stays, as does any draft where the file system
    /// has no locks.
    static func removeAbandonedDrafts(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let cacheName = (path as NSString).lastPathComponent
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            // No directory yet, so no drafts.
            return
        }
        for name in names where name == cacheName + ".tmp" || name.hasPrefix(cacheName + draftMarker) {
            let draft = directory + "/" + name
            let fd = open(draft, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(draft) }
            close(fd)
        }
    }
}
