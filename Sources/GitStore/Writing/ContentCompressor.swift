/// One thread's deflater for objects of any content: content larger than 64 KiB whose first
/// 64 KiB do not shrink by 5 % is stored instead (images, audio, archives are compressed already:
/// deflating them again costs several times the rest of a snapshot and saves nothing).
final class ContentCompressor {
    private let deflater: Deflater
    private var storer: Deflater?

    init(level: Int32) throws {
        deflater = try Deflater(level: level)
    }

    /// Compresses `content` as one zlib stream and passes it to `body`, valid only inside `body`.
    func compress<T>(_ content: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let compressor = try worthCompressing(content) ? deflater : try stored()
        return try compressor.compress(content, body)
    }

    /// The bytes compressed to tell whether the content compresses at all.
    private static let sampleSize = 64 << 10

    private func worthCompressing(_ content: UnsafeRawBufferPointer) throws -> Bool {
        guard content.count > Self.sampleSize else { return true }
        let sample = UnsafeRawBufferPointer(rebasing: content.prefix(Self.sampleSize))
        return try deflater.compress(sample, { $0.count }) < sample.count * 95 / 100
    }

    private func stored() throws -> Deflater {
        if let storer { return storer }
        let created = try Deflater(level: 0)
        storer = created
        return created
    }
}
