/// What a record that cannot be mapped (a value its field's type refuses, a record name CloudKit
/// refuses, a record over the size limit) does to the read of its source: `invalid-records` in a
/// `[[types]]` block.
///
/// Only records that were read can be skipped. A file that cannot be read as records (a JSON
/// syntax error, a CSV row whose cells do not match the header) stops the read either way, as a
/// record name used twice does: neither of the two rows is more right than the other.
public enum InvalidRecordsPolicy: String, Sendable, Hashable {
    /// The first invalid record stops the read: exit 2, nothing written.
    case error
    /// Invalid records are left out of the snapshot and listed; the rest are read.
    case skip
}
