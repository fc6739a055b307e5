/// Reads every record of one type from its source: read, map, normalize, encode, on all cores.
///
/// STUB: signatures only; the implementation is being written.
public enum RecordReader {
    /// - Parameters:
    ///   - type: the record type and its source.
    ///   - workspace: the workspace directory that `type.source` is relative to.
    /// - Returns: the type's records, in source order.
    /// - Throws: `InputError` naming file, line and field of the first bad record in source order.
    public static func read(_ type: RecordTypeConfiguration, workspace: String) throws(InputError) -> [EncodedRecord] {
        fatalError("not implemented")
    }
}
