import Foundation

/// Reads every record of one type from its source: read, map, normalize, encode, on all cores.
///
/// The file is read into memory once; chunks of it, split at record boundaries, are read and
/// mapped in parallel; records come back in source order. A record name used twice is an error
/// naming both lines.
public enum RecordReader {
    /// - Parameters:
    ///   - type: the record type and its source.
    ///   - workspace: the workspace directory that `type.source` is relative to.
    /// - Returns: the type's records, in source order.
    /// - Throws: `InputError` naming file, line and field of the first bad record in source order.
    public static func read(_ type: RecordTypeConfiguration, workspace: String) throws(InputError) -> [EncodedRecord] {
        try read(type, workspace: workspace, chunks: nil)
    }

    /// `read(_:workspace:)` with a chosen number of chunks (`nil`: by file size and core count).
    static func read(_ type: RecordTypeConfiguration, workspace: String, chunks: Int?) throws(InputError)
        -> [EncodedRecord]
    {
        let mapper = RecordMapper(type: type, sourcePath: type.source)
        let output = try readSource(type, workspace: workspace, columns: mapper.columns, chunks: chunks) {
            (row: SourceRow) throws(InputError) -> EncodedRecord in
            try mapper.map(row)
        }
        try checkNames(output, type: type)
        return output.values
    }

    /// Reads the rows of `type`'s source and transforms each one, keeping going up to the first error.
    static func readSource<T: Sendable>(
        _ type: RecordTypeConfiguration, workspace: String, columns: [String], chunks: Int?,
        _ transform: @Sendable (SourceRow) throws(InputError) -> T
    ) throws(InputError) -> ChunkedSource.Output<T> {
        let path = type.source.hasPrefix("/") ? type.source : workspace + "/" + type.source
        let bytes = try SourceBytes(contentsOf: path, displayPath: type.source)
        let chunkCount = chunks ?? Parallel.chunkCount(
            forBytes: bytes.count, cores: ProcessInfo.processInfo.activeProcessorCount)
        let source = ChunkedSource(bytes: bytes, path: type.source, format: type.format, columns: columns)
        return source.read(chunks: chunkCount, transform)
    }

    /// Throws the first problem in source order: a duplicate record name before the first bad row,
    /// or that row's error.
    private static func checkNames(_ output: ChunkedSource.Output<EncodedRecord>, type: RecordTypeConfiguration)
        throws(InputError)
    {
        var firstLine: [String: Int] = [:]
        firstLine.reserveCapacity(output.values.count)
        for (index, record) in output.values.enumerated() {
            let line = output.lines[index]
            if let earlier = firstLine.updateValue(line, forKey: record.name) {
                throw InputError(
                    file: type.source, line: line,
                    message: "duplicate record name \(record.name.debugDescription) (first at line \(earlier))")
            }
        }
        if let error = output.error { throw error }
    }
}
