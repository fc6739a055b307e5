import GitStore
import Records
import Synchronization

/// Takes the blobs of freshly mapped records as the reader maps them and writes them into the
/// snapshot's pack at once, keeping only each record's blob id: a first snapshot of a million
/// records so holds their ids, not their canonical JSON (about 600 bytes each).
///
/// Called from every mapping thread: each hashes its record's blob itself; only the append to the
/// single-threaded pack writer is under the lock. The pack is not installed until the writer
/// finishes, so a read that fails afterwards (a bad row, a name used twice) installs nothing.
final class FreshBlobs: Sendable {
    /// The pack writer, touched only under `state`'s lock while its owner waits for the read.
    private struct SharedWriter: @unchecked Sendable {
        let writer: ObjectWriter
    }

    private struct State {
        var ids: [String: ObjectID] = [:]
        var error: (any Error)?
    }

    private let writer: SharedWriter
    private let state = Mutex(State())

    init(writer: ObjectWriter) {
        self.writer = SharedWriter(writer: writer)
    }

    /// Writes `record`'s blob and leaves the record without it.
    func store(_ record: inout EncodedRecord) {
        let id = PreparedBlob.id(of: record.blob)
        let blob = record.blob
        record.blob = []
        state.withLock { state in
            guard state.error == nil else { return }
            do {
                try writer.writer.writeBlob(blob, id: id)
                state.ids[record.name] = id
            } catch {
                state.error = error
            }
        }
    }

    /// The blob id of each record stored, by name, once the read is over; taken out, so that the
    /// caller's copy is the only one and goes as soon as it is used.
    /// - Throws: the first error writing a blob threw.
    func takeIDs() throws -> [String: ObjectID] {
        try state.withLock { state in
            if let error = state.error { throw error }
            defer { state.ids = [:] }
            return state.ids
        }
    }
}
