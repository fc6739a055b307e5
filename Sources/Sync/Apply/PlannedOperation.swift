import CloudKitWeb
import Records
import Snapshots

/// One write a changeset asks of the remote.
struct PlannedOperation: Sendable {
    enum Kind: Sendable {
        /// `forceReplace`: creates, or replaces a record that exists unseen.
        case upsert(Record)
        /// `replace` carrying the change tag the remote snapshot knows: conflict-checked, and a
        /// field the data dropped is removed.
        case replace(Record, tag: String)
        /// `delete` carrying the known change tag.
        case delete(tag: String)
        /// `forceDelete`: the record's tag is unknown, or a conflict is being overwritten.
        case forceDelete
    }

    var kind: Kind
    /// What the changeset says of the record (an upsert may write an updated one).
    var planned: RecordChange.Kind
    var type: String
    var name: String

    /// The record the operation writes; nil for a deletion.
    var record: Record? {
        switch kind {
        case .upsert(let record), .replace(let record, _): record
        case .delete, .forceDelete: nil
        }
    }

    /// The same write without the change tag, as `--on-conflict overwrite` sends it.
    var forced: PlannedOperation {
        var forced = self
        forced.kind = record.map { .upsert($0) } ?? .forceDelete
        return forced
    }

    /// `Type/name`, as every per-record message names a record.
    var label: String { "\(type)/\(name)" }

    /// The `records/modify` operation that carries this one out.
    var wireOperation: RecordOperation {
        switch kind {
        case .upsert(let record):
            RecordOperation(.forceReplace, record: RecordDictionary(record))
        case .replace(let record, let tag):
            RecordOperation(.replace, record: RecordDictionary(record, recordChangeTag: tag))
        case .delete(let tag):
            RecordOperation(.delete, record: RecordDictionary(recordName: name, recordChangeTag: tag))
        case .forceDelete:
            RecordOperation(.forceDelete, record: RecordDictionary(recordName: name))
        }
    }
}

/// What became of one planned operation, as the server confirmed it.
enum OperationOutcome: Sendable {
    /// The server holds this record with this state.
    case written(Record, ServerState)
    /// The server no longer holds the record.
    case deleted
    /// `--on-conflict skip`: the server's own version stays; it is recorded as found.
    case skipped(current: (Record, ServerState)?)
    /// The write failed, for the reason given (the record's label first); the record keeps its
    /// old state in the remote snapshot.
    case failed(String)
    /// `--on-conflict fail` stopped here; the server's version, as looked up, is recorded.
    case conflict(String, current: (Record, ServerState)?)
}
