import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `.cksync/lock`: held by every command that writes to a remote or its remote snapshot.
///
/// The lock is the operating system's: `flock(LOCK_EX | LOCK_NB)` on the open file, held until
/// `release()`, deinit or the process's end, whichever comes first. A killed command therefore
/// never leaves a lock behind: the kernel drops it with the process's last descriptor. The file's
/// content (pid, command, start time, written after the lock is taken) only feeds messages; an
/// empty, garbage or old file that no process has locked is simply taken over.
///
/// `flock`, not `fcntl(F_SETLK)`: flock locks belong to the open file description, so two opens
/// in one process exclude each other (a second `WorkspaceLock` in the same process is refused, as
/// a second process is), and closing some other descriptor of the file does not drop the lock, as
/// it does with fcntl's per-process locks.
package final class WorkspaceLock {
    package let path: String
    private var descriptor: Int32 = -1

    /// What the lock file says about its holder.
    package struct Owner: Sendable, Hashable {
        package var pid: Int32
        package var command: String
        package var started: String
    }

    /// Takes the lock or throws `SyncError.locked` at once; never waits.
    /// - Parameters:
    ///   - forceUnlock: first remove whatever is at `path` when no process holds it (an
    ///     unreadable file, an empty directory); a lock a live process holds is never broken.
    ///   - started: the start time written for others to read; now, by the system's clock, by
    ///     default (the one time the lock reads: it never waits and never expires).
    package init(path: String, command: String, forceUnlock: Bool = false, started: Date = Date()) throws {
        self.path = path
        if forceUnlock { try Self.clear(path) }
        // The path may be replaced between open and flock (a holder unlinks it on release, or
        // --force-unlock removes it): the lock counts only when it is on the file the path names.
        while true {
            let descriptor = try Self.openFile(path)
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(descriptor)
                guard code == EWOULDBLOCK || code == EAGAIN else {
                    throw SyncError.lockFailed(path: path, reason: String(cString: strerror(code)))
                }
                throw SyncError.locked(path: path, owner: Self.owner(at: path))
            }
            var opened = stat()
            var named = stat()
            if fstat(descriptor, &opened) == 0, lstat(path, &named) == 0, opened.st_ino == named.st_ino,
                opened.st_dev == named.st_dev
            {
                self.descriptor = descriptor
                break
            }
            close(descriptor)
        }
        let stamp = ISO8601DateFormatter().string(from: started)
        let text = Array("pid \(getpid())\ncommand \(command)\nstarted \(stamp)\n".utf8)
        guard ftruncate(descriptor, 0) == 0, pwrite(descriptor, text, text.count, 0) == text.count else {
            let reason = String(cString: strerror(errno))
            release()
            throw SyncError.lockFailed(path: path, reason: reason)
        }
    }

    /// Releases the lock (removing the file first, so no one reads a gone holder's pid); also
    /// done on deinit.
    package func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// The holder named in a lock file; nil when the file is empty, unreadable or not a lock
    /// file's content (a holder between taking the lock and writing its name looks like that).
    package static func owner(at path: String) -> Owner? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var values: [String: String] = [:]
        for line in String(decoding: data.prefix(4096), as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            values[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        guard let pid = values["pid"].flatMap({ Int32($0) }) else { return nil }
        return Owner(pid: pid, command: values["command"] ?? "?", started: values["started"] ?? "?")
    }

    /// Opens (creating) the lock file for writing, close-on-exec so no child inherits the lock.
    private static func openFile(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor < 0 else { return descriptor }
        let code = errno
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw SyncError.lockFailed(
                path: path, reason: "it is a directory, not a lock file; remove it (rmdir, or --force-unlock if empty)")
        }
        // A file this process may not write (not one cksync made): replaced when no one holds it.
        if code == EACCES, try removeUnlocked(path, force: false) { return try openFile(path) }
        throw SyncError.lockFailed(
            path: path, reason: String(cString: strerror(code)) + (code == EACCES ? "; --force-unlock replaces it" : "")
        )
    }

    /// `--force-unlock`: removes what is at `path` unless a live process holds the lock on it.
    private static func clear(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard rmdir(path) == 0 else {
                throw SyncError.lockFailed(
                    path: path, reason: "it is a directory, not a lock file, and not empty; remove it yourself")
            }
            return
        }
        _ = try removeUnlocked(path, force: true)
    }

    /// Removes the file at `path` when no live process holds its lock; one that cannot even be
    /// opened for reading (so its lock cannot be tested) only with `force`. Returns whether it
    /// was removed.
    private static func removeUnlocked(_ path: String, force: Bool) throws -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 || force else { return false }
        defer { if descriptor >= 0 { close(descriptor) } }
        // A live holder keeps its lock: removing its file would let two writers in. The file is
        // unlinked while this lock is held, so whoever opened it meanwhile sees it replaced.
        if descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            throw SyncError.locked(path: path, owner: owner(at: path))
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw SyncError.lockFailed(path: path, reason: "cannot remove it: " + String(cString: strerror(errno)))
        }
        return true
    }
}
