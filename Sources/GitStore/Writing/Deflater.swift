import CLibGit2

/// Reusable zlib streams that compress whole objects.
///
/// Not thread-safe: each thread that compresses uses its own deflater.
final class Deflater {
    /// Inputs up to this size use the small stream.
    private static let smallLimit = 1024
    private var small = z_stream()
    private var large = z_stream()
    private var output: UnsafeMutableRawBufferPointer
    /// At level 1, small inputs go to `FixedHuffmanDeflate` with this table of its hashes.
    private let smallHashes: UnsafeMutablePointer<UInt16>?

    /// - Parameter level: zlib level 0 (stored) to 9.
    init(level: Int32) throws {
        output = .allocate(byteCount: 1 << 16, alignment: 16)
        if level == 1 {
            smallHashes = .allocate(capacity: FixedHuffmanDeflate.hashCount)
            smallHashes?.initialize(repeating: 0, count: FixedHuffmanDeflate.hashCount)
        } else {
            smallHashes = nil
        }
        // deflateReset clears a hash table of 2^(memLevel+7) entries per object: 64 KiB at the
        // default memLevel 8, which costs more than compressing a 300-byte record. Small objects
        // get memLevel 4 (4 KiB, and a 1 KiB-symbol block buffer that still holds them whole).
        // deflateInit2 is a macro; its expansion passes the version and struct size for ABI checks.
        let size = Int32(MemoryLayout<z_stream>.size)
        let smallCode = deflateInit2_(&small, level, Z_DEFLATED, 15, 4, Z_DEFAULT_STRATEGY, zlibVersion(), size)
        let largeCode = deflateInit2_(&large, level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), size)
        guard smallCode == Z_OK, largeCode == Z_OK else {
            if smallCode == Z_OK { deflateEnd(&small) }
            if largeCode == Z_OK { deflateEnd(&large) }
            output.deallocate()
            smallHashes?.deallocate()
            throw GitError(function: "deflateInit2", code: .generic, message: "zlib error \(min(smallCode, largeCode))")
        }
    }

    deinit {
        deflateEnd(&small)
        deflateEnd(&large)
        output.deallocate()
        smallHashes?.deallocate()
    }

    /// Compresses `input` as one complete zlib stream and passes the result to `body`; the
    /// buffer is only valid inside `body`.
    func compress<T>(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let produced =
            if let smallHashes, input.count <= FixedHuffmanDeflate.limit {
                FixedHuffmanDeflate.compress(input, into: output, hashes: smallHashes)
            } else if input.count <= Self.smallLimit {
                try run(&small, input)
            } else {
                try run(&large, input)
            }
        return try body(UnsafeRawBufferPointer(start: output.baseAddress, count: produced))
    }

    private func run(_ stream: inout z_stream, _ input: UnsafeRawBufferPointer) throws -> Int {
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
        return Int(stream.total_out)
    }
}
