/// A blob that is not a record in canonical JSON (see `CanonicalJSON`).
public struct CanonicalJSONError: Error, CustomStringConvertible, Sendable, Hashable {
    /// 0-based byte offset in the blob where the problem was found.
    public var offset: Int
    /// What is wrong at `offset`.
    public var message: String

    /// An error at byte `offset` of a blob.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// `not a canonical record (byte 42): expected ":" after a key`
    public var description: String { "not a canonical record (byte \(offset)): \(message)" }
}
