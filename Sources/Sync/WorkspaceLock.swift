import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `.cksync/lock`: held by every command that writes to a remote or its remote snapshot.
///
/// The file is created exclusively (`O_CREAT | O_EXCL`), so two processes can never both hold
/// it, and records the owner's pid, command and start time. A lock whose pid is no longer alive
/// is stale: it is reported, and `--force-unlock` clears it.
public final class WorkspaceLock {
    public let path: String
    private var held = false

    /// What the lock file says about its holder.
    public struct Owner: Sendable, Hashable {
        public var pid: Int32
        public var command: String
        public var started: String
    }

    /// Takes the lock or throws `SyncError.locked` / `.staleLock` at once; never waits.
    /// - Parameter forceUnlock: first clear a stale lock (one whose process is gone).
    public init(path: String, command: String, forceUnlock: Bool = false) throws {
        self.path = path
        if forceUnlock, let owner = Self.owner(at: path), !Self.isAlive(owner.pid) {
            unlink(path)
        }
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        guard descriptor >= 0 else {
            guard errno == EEXIST else {
                throw SyncError.lockFailed(path: path, reason: String(cString: strerror(errno)))
            }
            let owner = Self.owner(at: path)
            if let owner, !Self.isAlive(owner.pid) { throw SyncError.staleLock(path: path, owner: owner) }
            throw SyncError.locked(path: path, owner: owner)
        }
        let started = ISO8601DateFormatter().string(from: Date())
        let text = "pid \(getpid())\ncommand \(command)\nstarted \(started)\n"
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        held = true
    }

    /// Releases the lock; also done on deinit.
    public func release() {
        guard held else { return }
        held = false
        unlink(path)
    }

    deinit { release() }

    /// The holder named in a lock file, if it can be read.
    public static func owner(at path: String) -> Owner? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            values[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        guard let pid = values["pid"].flatMap({ Int32($0) }) else { return nil }
        return Owner(pid: pid, command: values["command"] ?? "?", started: values["started"] ?? "?")
    }

    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
