import Records

/// One write a changeset asks of the remote.
struct PlannedOperation: Sendable {
    enum Kind: Sendable, Hashable {
        /// `forceReplace`: creates, or replaces a record that exists unseen.
        case upsert
        /// `replace` carrying the change tag the remote snapshot knows: conflict-checked, and a
        /// field the data dropped is removed.
        case replace(tag: String)
        /// `delete` carrying the known change tag.
        case delete(tag: String)
        /// `forceDelete`: the record's tag is unknown, or a conflict is being overwritten.
        case forceDelete
    }

    var kind: Kind
    var type: String
    var name: String
    /// The record to write (upserts and replaces).
    var record: Record?
}

/// What became of one planned operation, as the server confirmed it.
enum OperationOutcome: Sendable {
    /// The server holds this record with this state.
    case written(Record, ServerState)
    /// The server no longer holds the record.
    case deleted
    /// `--on-conflict skip`: the server's own version stays; it is recorded as found.
    case skipped(current: (Record, ServerState)?)
    /// The write failed; the record keeps its old state in the remote snapshot.
    case failed(String)
    /// `--on-conflict fail` stopped here; the server's version, as looked up, is recorded.
    case conflict(String, current: (Record, ServerState)?)
}
