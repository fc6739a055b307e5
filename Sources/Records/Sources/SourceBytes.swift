#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one source file, read once into memory and shared read-only by every chunk reader.
///
/// One allocation for the whole file: the readers slice it with pointers and never copy it.
final class SourceBytes: @unchecked Sendable {
    /// Start of the bytes; valid while this object lives. Never written after `init`.
    let base: UnsafePointer<UInt8>
    let count: Int
    private let storage: UnsafeMutableRawPointer

    /// Reads the file at `path`; `displayPath` names it in errors.
    init(contentsOf path: String, displayPath: String) throws(InputError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot open: \(Self.describe(errno))"
            throw InputError(file: displayPath, message: reason)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw InputError(file: displayPath, message: "cannot read: \(Self.describe(errno))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw InputError(file: displayPath, message: "is a directory, not a data file")
        }
        var capacity = max(Int(info.st_size), 0) + 1
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var filled = 0
        while true {
            if filled == capacity {
                // The file grew while we read it (or st_size lied, as for pipes): keep going.
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let got = read(fd, buffer + filled, capacity - filled)
            if got < 0 {
                if errno == EINTR { continue }
                buffer.deallocate()
                throw InputError(file: displayPath, message: "cannot read: \(Self.describe(errno))")
            }
            if got == 0 { break }
            filled += got
        }
        storage = buffer
        base = UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self))
        count = filled
    }

    /// Wraps bytes given in memory (tests, and values embedded in CSV cells).
    init(_ bytes: [UInt8]) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let address = source.baseAddress { buffer.copyMemory(from: address, byteCount: source.count) }
        }
        storage = buffer
        base = UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self))
        count = bytes.count
    }

    deinit { storage.deallocate() }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
