import CLibGit2

/// One reusable zlib stream that compresses whole objects.
///
/// Not thread-safe: each thread that compresses uses its own deflater.
final class Deflater {
    private var stream = z_stream()
    private var output: UnsafeMutableRawBufferPointer

    /// - Parameter level: zlib level 0 (stored) to 9.
    init(level: Int32) throws {
        output = .allocate(byteCount: 1 << 16, alignment: 16)
        // deflateInit is a macro; its expansion passes the version and struct size for ABI checks.
        let code = deflateInit_(&stream, level, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else {
            output.deallocate()
            throw GitError(function: "deflateInit", code: .generic, message: "zlib error \(code)")
        }
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    /// Compresses `input` as one complete zlib stream and passes the result to `body`; the
    /// buffer is only valid inside `body`.
    func compress<T>(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        // > deflateReset: equivalent to deflateEnd followed by deflateInit, but does not free and
        // > reallocate the internal compression state. https://zlib.net/manual.html#Advanced
        deflateReset(&stream)
        let bound = Int(deflateBound(&stream, UInt(input.count)))
        if bound > output.count {
            output.deallocate()
            output = .allocate(byteCount: bound, alignment: 16)
        }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        let code = deflate(&stream, Z_FINISH)
        guard code == Z_STREAM_END else {
            throw GitError(function: "deflate", code: .generic, message: "zlib error \(code)")
        }
        return try body(UnsafeRawBufferPointer(start: output.baseAddress, count: Int(stream.total_out)))
    }
}
