import GitStore
import Records
import Snapshots

/// What a sync changes in its remote snapshot, kept as it goes: each confirmed record with the
/// blobs of the record and of its server state, written into the snapshot's pack at once (nil:
/// the server no longer holds the record). Paths are made only when the tree is patched: a map
/// of paths to blobs was most of a million-record push's memory.
struct RemoteSnapshotChanges {
    private var records: [(type: String, name: String, blobs: (record: ObjectID, state: ObjectID)?)] = []

    /// What the server confirmed of some operations, as blob contents: for each written, deleted,
    /// skipped or conflicting record, the record and its server state (nil: deleted). Failed
    /// operations change nothing.
    static func confirmed(
        _ outcomes: some Sequence<(PlannedOperation, OperationOutcome)>
    ) -> [(type: String, name: String, contents: (record: [UInt8], state: [UInt8])?)] {
        outcomes.compactMap { operation, outcome in
            let found: (Record, ServerState)?
            switch outcome {
            case .written(let record, let state): found = (record, state)
            case .deleted: found = nil
            case .skipped(let current), .conflict(_, let current): found = current
            case .failed: return nil
            }
            return (operation.type, operation.name, found.map { (CanonicalJSON.encode($0.0), $0.1.blob) })
        }
    }

    /// The same, as the push journal takes them: the paths of the record and of its server state,
    /// with their contents (nil deleting the path).
    static func journalChanges(
        _ confirmed: [(type: String, name: String, contents: (record: [UInt8], state: [UInt8])?)]
    ) -> [(path: String, content: [UInt8]?)] {
        confirmed.flatMap { type, name, contents in
            [
                (RecordPath.path(type: type, name: name), contents?.record),
                (RecordPath.path(type: type, name: name, directory: RecordPath.serverDirectory), contents?.state),
            ]
        }
    }

    /// Writes the blobs of confirmed records into `writer` and notes them.
    mutating func write(
        _ confirmed: [(type: String, name: String, contents: (record: [UInt8], state: [UInt8])?)],
        to writer: ObjectWriter
    ) throws {
        for (type, name, contents) in confirmed {
            let blobs = try contents.map { (try writer.writeBlob($0.record), try writer.writeBlob($0.state)) }
            records.append((type, name, blobs))
        }
    }

    var isEmpty: Bool { records.isEmpty }

    /// Every path the changes touch, with its new blob (nil: deleted), made as they are read.
    var paths: some Collection<(path: String, id: ObjectID?)> {
        records.lazy.flatMap { type, name, blobs in
            [
                (path: RecordPath.path(type: type, name: name), id: blobs?.record),
                (
                    path: RecordPath.path(type: type, name: name, directory: RecordPath.serverDirectory),
                    id: blobs?.state
                ),
            ]
        }
    }
}
