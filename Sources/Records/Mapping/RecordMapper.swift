/// Turns source rows of one record type into canonical records.
///
/// STUB: signatures only; the implementation is being written.
public struct RecordMapper: Sendable {
    public let type: RecordTypeConfiguration
    /// The source path shown in error messages (as written in cksync.toml).
    public let sourcePath: String
    /// The source columns a reader must deliver, in this order, in `SourceRow.values`.
    public let columns: [String]

    public init(type: RecordTypeConfiguration, sourcePath: String) {
        self.type = type
        self.sourcePath = sourcePath
        self.columns = []
    }

    /// Maps one row; throws an `InputError` naming file, line and field.
    public func map(_ row: SourceRow) throws(InputError) -> EncodedRecord {
        fatalError("not implemented")
    }
}
