import GitStore
import Records
import Synchronization

/// Takes the blobs of freshly mapped records as the reader maps them and writes them into the
/// snapshot's pack at once, leaving in each record, in place of its canonical JSON (about 600
/// bytes), the 20 bytes of its blob id: a first snapshot of a million records so holds their ids.
///
/// Called from every mapping thread: each hashes its record's blob itself; only the append to the
/// single-threaded pack writer is under the lock. The pack is not installed until the writer
/// finishes, so a read that fails afterwards (a bad row, a name used twice) installs nothing.
/// The id travels with the record rather than in a table by name: at ten million records such a
/// table cost 5 % of the snapshot (hashing names, growing) and about as much memory as the ids do.
final class FreshBlobs: Sendable {
    /// The pack writer, touched only under `error`'s lock while its owner waits for the read.
    private struct SharedWriter: @unchecked Sendable {
        let writer: ObjectWriter
    }

    private let writer: SharedWriter
    private let error = Mutex<(any Error)?>(nil)

    init(writer: ObjectWriter) {
        self.writer = SharedWriter(writer: writer)
    }

    /// Writes `record`'s blob and leaves the blob's id in its place (``storedID(of:)``).
    func store(_ record: inout EncodedRecord) {
        let id = PreparedBlob.id(of: record.blob)
        let blob = record.blob
        record.blob = id.bytes
        error.withLock { error in
            guard error == nil else { return }
            do {
                try writer.writer.writeBlob(blob, id: id)
            } catch let failure {
                error = failure
            }
        }
    }

    /// Throws the first error writing a blob threw, once the read is over.
    func checkWritten() throws {
        try error.withLock { error in
            if let error { throw error }
        }
    }

    /// The blob id ``store(_:)`` left in a record; nil for a record it did not store.
    static func storedID(of record: EncodedRecord) -> ObjectID? {
        // Not `ObjectID(bytes:)`: a generic across modules, unspecialized, ten million times.
        record.blob.count == 20 ? record.blob.withUnsafeBytes { ObjectID(pointer: $0.baseAddress!) } : nil
    }
}
