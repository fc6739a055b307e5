import GitStore
import Records
import Snapshots

/// What a sync changes in its remote snapshot, kept as it goes: each confirmed record with the
/// blobs of the record and of its server state, written into the snapshot's pack at once (nil:
/// the server no longer holds the record). Paths are made only when the tree is patched: a map
/// of paths to blobs was most of a million-record push's memory.
struct RemoteSnapshotChanges {
    /// Each record's type, its path below the type's directory (`RecordPath.pathInType`, hashed
    /// once), and its blobs.
    private var records: [(type: String, pathInType: String, blobs: (record: ObjectID, state: ObjectID)?)] = []

    /// Room for `expected` records at once: growing a million records' array doubled it for a moment.
    init(expected: Int = 0) {
        records.reserveCapacity(expected)
    }

    /// What the server confirmed of one record.
    struct Confirmed {
        var type: String
        /// `RecordPath.pathInType` of its name: hashed once for all its paths.
        var pathInType: String
        /// The blobs of the record and of its server state; nil: the server no longer holds it.
        var contents: (record: [UInt8], state: [UInt8])?

        func path(in directory: String) -> String { RemoteSnapshotChanges.path(directory, type, pathInType) }
    }

    /// What the server confirmed of some operations, as blob contents: for each written, deleted,
    /// skipped or conflicting record, the record and its server state (nil: deleted). Failed
    /// operations change nothing.
    static func confirmed(
        _ outcomes: some Sequence<(PlannedOperation, OperationOutcome)>
    ) -> [Confirmed] {
        outcomes.compactMap { operation, outcome in
            let found: (Record, ServerState)?
            switch outcome {
            case .written(let record, let state): found = (record, state)
            case .deleted: found = nil
            case .skipped(let current), .conflict(_, let current): found = current
            case .failed: return nil
            }
            return Confirmed(
                type: operation.type, pathInType: RecordPath.pathInType(name: operation.name),
                contents: found.map { (CanonicalJSON.encode($0.0), $0.1.blob) })
        }
    }

    /// The same, as the push journal takes them: the paths of the record and of its server state,
    /// with their contents (nil deleting the path).
    static func journalChanges(_ confirmed: [Confirmed]) -> [(path: String, content: [UInt8]?)] {
        confirmed.flatMap { record in
            [
                (record.path(in: RecordPath.recordsDirectory), record.contents?.record),
                (record.path(in: RecordPath.serverDirectory), record.contents?.state),
            ]
        }
    }

    /// Writes the blobs of confirmed records into `writer` and notes them.
    mutating func write(_ confirmed: [Confirmed], to writer: ObjectWriter) throws {
        for record in confirmed {
            let blobs = try record.contents.map { (try writer.writeBlob($0.record), try writer.writeBlob($0.state)) }
            records.append((record.type, record.pathInType, blobs))
        }
    }

    /// `RecordPath.path(type:name:directory:)`, from the name's path in its type (hashed once for
    /// both of a record's paths).
    static func path(_ directory: String, _ type: String, _ pathInType: String) -> String {
        directory + "/" + type + "/" + pathInType
    }

    /// Every path the changes touch, with its new blob (nil: deleted), made as they are read.
    var paths: Paths { Paths(records: records) }

    /// The `records/` and `server/` paths of each record in turn.
    struct Paths: RandomAccessCollection {
        fileprivate let records: [(type: String, pathInType: String, blobs: (record: ObjectID, state: ObjectID)?)]

        var startIndex: Int { 0 }
        var endIndex: Int { records.count * 2 }

        subscript(position: Int) -> (path: String, id: ObjectID?) {
            let (type, pathInType, blobs) = records[position / 2]
            return position % 2 == 0
                ? (RemoteSnapshotChanges.path(RecordPath.recordsDirectory, type, pathInType), blobs?.record)
                : (RemoteSnapshotChanges.path(RecordPath.serverDirectory, type, pathInType), blobs?.state)
        }
    }
}
