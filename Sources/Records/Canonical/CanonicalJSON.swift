/// The canonical JSON form of a record: the bytes of its snapshot blob.
///
/// STUB: signatures only; the implementation is being written.
public enum CanonicalJSON {
    /// Encodes a record canonically. Same record in, same bytes out.
    public static func encode(_ record: Record) -> [UInt8] { fatalError("not implemented") }

    /// Decodes a blob written by `encode`; throws a `CanonicalJSONError` on anything else.
    public static func decode(_ bytes: [UInt8]) throws -> Record { fatalError("not implemented") }

    /// One field value in CloudKit's `{"type": …, "value": …}` form, as one line of canonical JSON.
    public static func encode(_ value: FieldValue) -> String { fatalError("not implemented") }
}
