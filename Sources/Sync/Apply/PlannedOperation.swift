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
    /// The files of the record's asset fields, and how each goes to the server.
    var assets: [OutgoingAsset] = []

    /// The files to upload before the record can be saved.
    var pendingUploads: Int { assets.count { $0.needsUpload } }

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

    /// The `records/modify` operation that carries this one out. A file not uploaded yet is sent
    /// by its size alone, which only measures the request: the apply uploads it first.
    var wireOperation: RecordOperation {
        switch kind {
        case .upsert(let record):
            RecordOperation(.forceReplace, record: wireRecord(record, tag: nil))
        case .replace(let record, let tag):
            RecordOperation(.replace, record: wireRecord(record, tag: tag))
        case .delete(let tag):
            RecordOperation(.delete, record: RecordDictionary(recordName: name, recordChangeTag: tag))
        case .forceDelete:
            RecordOperation(.forceDelete, record: RecordDictionary(recordName: name))
        }
    }
}

extension PlannedOperation {
    /// The record's dictionary, its asset fields as `assets` sends them: `ASSETID` (or
    /// `ASSETID_LIST`) when a file was just uploaded, else `ASSET` as the server returned it.
    private func wireRecord(_ record: Record, tag: String?) -> RecordDictionary {
        guard !assets.isEmpty else { return RecordDictionary(record, recordChangeTag: tag) }
        var plain = record
        var assetFields: [String: (list: Bool, files: [OutgoingAsset])] = [:]
        for (name, value) in record.fields where value.type.holdsFiles {
            plain.fields[name] = nil
            assetFields[name] = (value.type == .assetList, [])
        }
        for file in assets { assetFields[file.field]?.files.append(file) }
        var dictionary = RecordDictionary(plain, recordChangeTag: tag)
        for (name, field) in assetFields {
            let values = field.files.map { $0.sent ?? AssetDictionary(size: $0.size) }
            let uploaded = values.contains { $0.receipt != nil }
            dictionary.fields?[name] =
                field.list
                ? .assetList(values, type: uploaded ? .assetIDList : .assetList)
                : .asset(values[0], type: uploaded ? .assetID : .asset)
        }
        return dictionary
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
