import GitStore
import Records
import Snapshots

/// One sync that changed a record, and what it did to it.
package struct RecordHistoryEntry: Sendable {
    package var sync: SyncEntry
    /// new, updated (every field that differs at all) or deleted, from the sync's parent to the sync.
    package var change: RecordChange
}

/// Which sync set each field of a record as the remote holds it.
package enum RecordBlame: Sendable {
    /// The remote holds the record; its fields in name order, each with the sync that set its
    /// value; those syncs, newest first.
    case present(Record, fields: [(field: String, sync: SyncEntry)], syncs: [SyncEntry])
    /// The remote held the record once; this sync deleted it.
    case deleted(by: SyncEntry)
    /// No sync of the remote ever held the record.
    case neverSynced
}

extension SyncHistory {
    /// The syncs `filter` includes that changed one record, newest first, at most `limit`, as
    /// `git log -p -- PATH`.
    package func recordHistory(
        remote: String, type: String, name: String, filter: SyncFilter = SyncFilter(), limit: Int? = nil
    ) throws -> [RecordHistoryEntry] {
        var result: [RecordHistoryEntry] = []
        let path = RecordPath.path(type: type, name: name)
        try walkChanges(remote: remote, path: path) { commit, before, after in
            let sync = try SyncEntry(commit)
            guard filter.includes(sync) else { return true }
            let old = try before.map { try record($0, path: path) }
            let new = try after.map { try record($0, path: path) }
            let kind: RecordChange.Kind = old == nil ? .new : new == nil ? .deleted : .updated
            let fields = old.flatMap { old in new.map { CompareRules.default.exactChanges(from: old, to: $0) } } ?? []
            result.append(
                RecordHistoryEntry(
                    sync: sync,
                    change: RecordChange(kind: kind, type: type, name: name, old: old, new: new, fieldChanges: fields)))
            return result.count < (limit ?? Int.max)
        }
        return result
    }

    /// For each field of the record as the remote holds it, the newest sync that changed that
    /// field (so the one that set its current value), like `git blame` for one row.
    package func blame(remote: String, type: String, name: String) throws -> RecordBlame {
        let path = RecordPath.path(type: type, name: name)
        var current: Record?
        var setBy: [String: SyncEntry] = [:]
        var syncs: [SyncEntry] = []
        var deletedBy: SyncEntry?
        try walkChanges(remote: remote, path: path) { commit, before, after in
            let sync = try SyncEntry(commit)
            // Only the newest change can lack the record: walking back from a record the remote
            // holds stops at the sync that created it.
            guard let after else {
                deletedBy = sync
                return false
            }
            let new = try record(after, path: path)
            let old = try before.map { try record($0, path: path) }
            let held = current ?? new
            current = held
            let set = held.fields.keys.filter { setBy[$0] == nil && old?.fields[$0] != new.fields[$0] }
            for field in set { setBy[field] = sync }
            if !set.isEmpty { syncs.append(sync) }
            return setBy.count < held.fields.count
        }
        if let deletedBy { return .deleted(by: deletedBy) }
        guard let current else { return .neverSynced }
        let fields = current.fields.keys.sorted(by: CanonicalJSON.utf8Precedes).compactMap { field in
            setBy[field].map { (field: field, sync: $0) }
        }
        return .present(current, fields: fields, syncs: syncs)
    }

    /// Walks the remote's first-parent history from its newest sync and calls `body` for each
    /// commit whose blob at `path` differs from its parent's (nil: no blob), until it returns false.
    private func walkChanges(
        remote: String, path: String, _ body: (Commit, _ before: ObjectID?, _ after: ObjectID?) throws -> Bool
    ) throws {
        guard let head = try repository.reference(Refs.remote(remote)) else { return }
        var commit = try repository.commit(head)
        var blob = try blobID(at: path, in: commit)
        while true {
            let parent = try commit.parents.first.map { try repository.commit($0) }
            let parentBlob = try parent.flatMap { try blobID(at: path, in: $0) }
            if blob != parentBlob, try !body(commit, parentBlob, blob) { return }
            guard let parent else { return }
            (commit, blob) = (parent, parentBlob)
        }
    }

    private func blobID(at path: String, in commit: Commit) throws -> ObjectID? {
        try RecordTree.blobID(at: path, inSnapshot: commit.tree, repository: repository)
    }

    private func record(_ blob: ObjectID, path: String) throws -> Record {
        try ChangesetBuilder.decodeRecord(repository.blob(blob), path: path)
    }

    /// Whether the remote has any sync at all.
    package func hasSyncs(remote: String) throws -> Bool {
        try repository.reference(Refs.remote(remote)) != nil
    }
}
