import Foundation

/// Writes a file through one buffer of 1 MiB: integers little-endian.
struct BufferedFile {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var used = 0
    private var failed = false

    init(fd: Int32) { self.fd = fd }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        if used + size > buffer.count { _ = flush() }
        let used = self.used
        buffer.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: used, as: T.self) }
        self.used += size
    }

    mutating func append(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { append(raw: $0) }
    }

    mutating func append(raw bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            if used == buffer.count { _ = flush() }
            let take = min(bytes.count - offset, buffer.count - used)
            let used = self.used
            buffer.withUnsafeMutableBytes { out in
                out.baseAddress!.advanced(by: used).copyMemory(from: bytes.baseAddress! + offset, byteCount: take)
            }
            self.used += take
            offset += take
        }
    }

    /// Writes what the buffer holds, then goes on at `offset` in the file; false once any write
    /// has failed, or the seek does.
    mutating func seek(to offset: Int) -> Bool {
        flush() && lseek(fd, off_t(offset), SEEK_SET) == off_t(offset)
    }

    /// Writes what the buffer holds; false once any write has failed.
    mutating func flush() -> Bool {
        var offset = 0
        while offset < used, !failed {
            let wrote = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, used - offset) }
            if wrote < 0 && errno == EINTR { continue }
            if wrote <= 0 { failed = true } else { offset += wrote }
        }
        used = 0
        return !failed
    }
}
