/// CloudKit's limit on the size of one record, excluding assets (Apple's "Data Size Limits": 1 MB).
///
/// The size measured is the record's canonical JSON, which is within a few bytes of its dictionary
/// in a `records/modify` body; an asset field counts as its size and content id, not its bytes.
public enum RecordSizeLimit {
    /// The most bytes one record may take; 1 MB read as 10^6, the stricter reading.
    public static let maximumBytes = 1_000_000

    /// The error for a record over the limit, naming its largest field: the one to shorten.
    static func error(for record: Record, size: Int, file: String, line: Int) -> InputError {
        var largest: (name: String, size: Int)?
        for (name, value) in record.fields {
            let alone = CanonicalJSON.encode(Record(type: record.type, name: record.name, fields: [name: value]))
            if largest.map({ alone.count > $0.size || (alone.count == $0.size && name < $0.name) }) ?? true {
                largest = (name, alone.count)
            }
        }
        return InputError(
            file: file, line: line, field: largest?.name,
            message: "the record is \(size) bytes, over CloudKit's limit of \(maximumBytes) bytes per record"
                + (largest == nil ? "" : " (this is its largest field)"))
    }
}
