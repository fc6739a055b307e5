/// A file as a record's ASSET field holds it: its size, and what identifies its bytes.
///
/// A snapshot names an asset by its content, the git blob id of the file's bytes, which the
/// snapshot's repository holds; so an edited file is a changed field whatever its name or mtime,
/// and an untouched one is unchanged. Only an asset read back from a server whose bytes cksync has
/// not seen is named by the server's `fileChecksum` instead.
public struct Asset: Hashable, Sendable {
    /// What identifies an asset's bytes.
    public enum Identity: Hashable, Sendable {
        /// The git blob id of the bytes: 40 lowercase hex digits.
        case content(String)
        /// The server's checksum of bytes cksync does not hold (opaque, compared as is).
        case fileChecksum(String)
    }

    /// Bytes.
    public var size: Int64
    /// What the bytes are.
    public var identity: Identity

    /// An asset of `size` bytes identified by `identity`.
    public init(size: Int64, identity: Identity) {
        self.size = size
        self.identity = identity
    }

    /// The git blob id of the bytes, when they are known.
    public var content: String? {
        if case .content(let id) = identity { return id }
        return nil
    }

    /// Whether `text` is a blob id as `Identity.content` holds it: 40 lowercase hex digits.
    public static func isContentID(_ text: String) -> Bool {
        text.utf8.count == 40
            && text.utf8.allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }

    /// CloudKit's limit on one asset file (cloudkit-protocol.md §8, "50 MB"), read the strict way
    /// so that whatever cksync accepts, CloudKit accepts.
    public static let maximumBytes: Int64 = 50_000_000
}
