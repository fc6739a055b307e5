/// A blob hashed and compressed away from the writer that stores it, on any thread, so that
/// large contents (asset files) are compressed on every core and only appending them to the pack
/// is serial.
public struct PreparedBlob: Sendable {
    /// The blob's id.
    public let id: ObjectID
    let size: Int
    let deflated: [UInt8]

    /// Compresses `content`, whose id is `id` (`PreparedBlob.id(of:)`), at zlib level 1, as
    /// every other object of a snapshot's pack; or stores it when its first 64 KiB do not shrink by
    /// 5 % (images, audio, archives are compressed already: deflating them again costs several
    /// times the rest of a snapshot and saves nothing).
    public init(_ content: [UInt8], id: ObjectID) throws {
        self.id = id
        size = content.count
        deflated = try content.withUnsafeBytes { raw in try ContentCompressor(level: 1).compress(raw) { Array($0) } }
    }

    /// The id `content` has as a blob.
    public static func id(of content: [UInt8]) -> ObjectID {
        ObjectFormat.id(of: .blob, content: content)
    }
}

extension ObjectWriter {
    /// Whether the repository or this pack already holds blob `id`.
    public func contains(_ id: ObjectID) -> Bool { exists(id, kind: .blob) }

    /// Appends a prepared blob, unless the repository or this pack has it already.
    public func write(_ blob: PreparedBlob) throws {
        guard !exists(blob.id, kind: .blob) else { return }
        try blob.deflated.withUnsafeBytes {
            try appendDeflated(id: blob.id, kind: .blob, size: blob.size, deflated: $0)
        }
    }
}
