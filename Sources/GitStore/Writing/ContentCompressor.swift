/// One thread's deflater for objects of any content: content that does not compress
/// (`PreparedBlob.worthCompressing`) is stored instead.
final class ContentCompressor {
    private let deflater: Deflater
    private var storer: Deflater?

    init(level: Int32) throws {
        deflater = try Deflater(level: level)
    }

    /// Compresses `content` as one zlib stream and passes it to `body`, valid only inside `body`.
    func compress<T>(_ content: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let compressor = try PreparedBlob.worthCompressing(content, deflater: deflater) ? deflater : try stored()
        return try compressor.compress(content, body)
    }

    private func stored() throws -> Deflater {
        if let storer { return storer }
        let created = try Deflater(level: 0)
        storer = created
        return created
    }
}
