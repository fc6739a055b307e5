#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's close/read/rename under names that methods of the same name don't shadow.
@inline(__always) func cClose(_ fd: Int32) -> Int32 { close(fd) }
@inline(__always) func cRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
@inline(__always) func cRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }

/// The text of the last C error, for messages.
func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

/// A buffered writer of bytes to one file: callers append to `buffer` directly and call
/// `flushIfFull()` now and then; one `write(2)` per megabyte, never one per record.
public final class ByteWriter {
    /// Bytes not yet written. Append freely; `flushIfFull()` writes them out.
    public var buffer: [UInt8] = []
    private var fd: Int32
    private let path: String
    private let threshold = 1 << 20

    /// Creates (or truncates) `path` for writing.
    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw BenchError("cannot create \(path): \(errnoText())") }
        buffer.reserveCapacity(threshold + 64 * 1024)
    }

    deinit { if fd >= 0 { _ = cClose(fd) } }

    /// Appends the UTF-8 bytes of `text`.
    @inline(__always)
    public func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    /// Writes the buffer out when it has grown past the threshold.
    @inline(__always)
    public func flushIfFull() throws { if buffer.count >= threshold { try flush() } }

    /// Writes everything buffered.
    public func flush() throws {
        try buffer.withUnsafeBytes { raw in try writeAll(fd: fd, raw, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws {
        try flush()
        let result = cClose(fd)
        fd = -1
        if result != 0 { throw BenchError("cannot close \(path): \(errnoText())") }
    }
}

/// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    guard var base = bytes.baseAddress else { return }
    var left = bytes.count
    while left > 0 {
        let n = write(fd, base, left)
        if n < 0 {
            if errno == EINTR { continue }
            throw BenchError("cannot write \(path): \(errnoText())")
        }
        base += n
        left -= n
    }
}

/// Small whole-file helpers over the C library (no Foundation in the hot paths).
public enum FileIO {
    /// The whole content of `path`.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw BenchError("cannot open \(path): \(errnoText())") }
        defer { _ = cClose(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw BenchError("cannot stat \(path): \(errnoText())") }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        try bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < size {
                let n = cRead(fd, base + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BenchError("cannot read \(path): \(errnoText())")
                }
                if n == 0 { break }
                done += n
            }
        }
        if done < size { bytes.removeLast(size - done) }
        return bytes
    }

    /// Writes `bytes` to `path` (created or truncated), in one go.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw BenchError("cannot create \(path): \(errnoText())") }
        defer { _ = cClose(fd) }
        try bytes.withUnsafeBytes { try writeAll(fd: fd, $0, path: path) }
    }

    /// Writes `text` to `path`.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// True when `path` exists.
    /// Copies the file at `source` over `destination`.
    public static func copy(_ source: String, to destination: String) throws {
        try write(try read(source), to: destination)
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// True when `path` is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir -p path`.
    public static func makeDirectories(_ path: String) throws {
        if isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw BenchError("cannot create directory \(prefix): \(errnoText())")
            }
            prefix += "/"
        }
    }

    /// Atomically replaces `path` with `temporary` (same directory).
    public static func rename(_ temporary: String, to path: String) throws {
        if cRename(temporary, path) != 0 {
            throw BenchError("cannot rename \(temporary) to \(path): \(errnoText())")
        }
    }

    /// Removes one file; a missing file is not an error.
    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw BenchError("cannot remove \(path): \(errnoText())")
        }
    }

    /// The absolute form of `path` (relative to the current directory).
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path == "." ? cwd : cwd + "/" + path
    }
}
