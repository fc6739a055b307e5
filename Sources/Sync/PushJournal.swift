import Foundation
import GitStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `.cksync/journal-<remote>`: what the server confirmed during an apply whose remote snapshot is
/// not committed yet. A push killed at any moment leaves it behind; the next command folds it into
/// the remote snapshot, so the server's confirmed writes are not sent again.
///
/// The file starts with a header naming the remote snapshot the apply started from, then one
/// block per confirmed batch, appended with one `write` and one `fsync`: entries `P <path length>
/// <content length>` or `D <path length>`, each followed by its bytes, then `E <entries>`. A block
/// without its `E` line (a torn last write) is ignored, and so is everything after it.
final class PushJournal {
    static let magic = "cksync-push-journal 1"

    /// What a journal holds.
    struct Contents {
        /// The remote snapshot the apply started from (nil: the remote had none).
        var base: ObjectID?
        /// The apply's verb: push, rollback, prune-orphans.
        var kind: String
        /// Tree changes in the order they were confirmed; nil content deletes the path.
        var changes: [(path: String, content: [UInt8]?)]
    }

    let path: String
    private var descriptor: Int32

    /// The journal of a remote, in the workspace's state directory.
    static func path(stateDirectory: String, remote: String) -> String {
        let safe = remote.unicodeScalars.map { scalar -> String in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? String(scalar) : String(format: "%%%02X", scalar.value)
        }.joined()
        return stateDirectory + "/journal-" + safe
    }

    /// Starts a new journal, replacing none: a journal already there must be folded first.
    init(path: String, base: ObjectID?, kind: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw JournalError(path: path, action: "create", code: errno) }
        let header = "\(Self.magic)\nbase \(base?.hex ?? "none")\nkind \(kind)\n"
        try append(Array(header.utf8))
        // The directory entry too: a journal that vanishes with a crash would resend everything.
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends one confirmed batch's changes: one write and one fsync.
    func append(_ changes: [(path: String, content: [UInt8]?)]) throws {
        guard !changes.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(changes.reduce(16) { $0 + $1.path.utf8.count + ($1.content?.count ?? 0) + 24 })
        for (path, content) in changes {
            if let content {
                bytes += Array("P \(path.utf8.count) \(content.count)\n".utf8)
                bytes += Array(path.utf8)
                bytes += content
            } else {
                bytes += Array("D \(path.utf8.count)\n".utf8)
                bytes += Array(path.utf8)
            }
        }
        bytes += Array("E \(changes.count)\n".utf8)
        try append(bytes)
    }

    private func append(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw JournalError(path: path, action: "write", code: errno) }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw JournalError(path: path, action: "fsync", code: errno) }
    }

    /// Removes the journal once its changes are in a committed remote snapshot.
    func remove() throws {
        close(descriptor)
        descriptor = -1
        try Self.remove(at: path)
    }

    static func remove(at path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw JournalError(path: path, action: "remove", code: errno)
        }
    }

    /// Reads a journal; nil when there is none. A file without a whole header holds no changes.
    /// - Throws: `JournalError` when the file cannot be read.
    static func read(at path: String) throws -> Contents? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else { throw JournalError(path: path, action: "read", code: errno) }
            return nil
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JournalError(path: path, action: "read", reason: "\(error.localizedDescription)")
        }
        var reader = JournalReader(bytes: [UInt8](data))
        guard reader.line() == magic, let base = reader.line()?.split(separator: " ", maxSplits: 1),
            base.count == 2, base[0] == "base", let kind = reader.line(), kind.hasPrefix("kind ")
        else {
            // A header cut short by a kill (it is written before any batch is sent) or a file that
            // is not a journal: nothing in it can be trusted, and nothing is lost by dropping it,
            // since the next push recognises what the server already holds.
            return Contents(base: nil, kind: "", changes: [])
        }
        var contents = Contents(base: ObjectID(hex: String(base[1])), kind: String(kind.dropFirst(5)), changes: [])
        var block: [(path: String, content: [UInt8]?)] = []
        while let line = reader.line() {
            let parts = line.split(separator: " ").map(String.init)
            if parts.count == 2, parts[0] == "E", Int(parts[1]) == block.count {
                contents.changes += block
                block = []
            } else if parts.count == 3, parts[0] == "P", let pathLength = Int(parts[1]), let length = Int(parts[2]),
                let path = reader.take(pathLength), let content = reader.take(length)
            {
                block.append((String(decoding: path, as: UTF8.self), content))
            } else if parts.count == 2, parts[0] == "D", let pathLength = Int(parts[1]),
                let path = reader.take(pathLength)
            {
                block.append((String(decoding: path, as: UTF8.self), nil))
            } else {
                break  // a torn last block
            }
        }
        return contents
    }
}

private struct JournalReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func line() -> String? {
        guard let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}

/// The push journal could not be written or read.
struct JournalError: Error, CustomStringConvertible {
    var path: String
    var action: String
    var reason: String

    init(path: String, action: String, code: Int32) {
        self.init(path: path, action: action, reason: String(cString: strerror(code)))
    }

    init(path: String, action: String, reason: String) {
        self.path = path
        self.action = action
        self.reason = reason
    }

    var description: String { "\(path): cannot \(action) the push journal: \(reason)" }
}
