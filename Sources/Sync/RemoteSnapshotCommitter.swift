import GitStore
import Records
import Snapshots

/// Commits remote snapshots on `refs/remotes/<remote>/main`, moved by compare-and-swap.
struct RemoteSnapshotCommitter {
    let workspace: Workspace
    let remote: Remote

    var ref: String { Refs.remote(remote.name) }

    /// The tree changes that record what the server confirmed: for each written, deleted,
    /// skipped or conflicting record its `records/` blob and its `server/` state (nil: deleted).
    /// Failed operations and those never sent change nothing.
    static func changes<Outcomes: Sequence>(of outcomes: Outcomes) -> [(path: String, content: [UInt8]?)]
    where Outcomes.Element == (PlannedOperation, OperationOutcome?) {
        var changes: [(path: String, content: [UInt8]?)] = []
        func put(_ type: String, _ name: String, _ found: (Record, ServerState)?) {
            changes.append((RecordPath.path(type: type, name: name), found.map { CanonicalJSON.encode($0.0) }))
            changes.append(
                (RecordPath.path(type: type, name: name, directory: RecordPath.serverDirectory), found?.1.blob))
        }
        for (operation, outcome) in outcomes {
            switch outcome {
            case .written(let record, let state)?: put(operation.type, operation.name, (record, state))
            case .deleted?: put(operation.type, operation.name, nil)
            case .skipped(let current)?, .conflict(_, let current)?: put(operation.type, operation.name, current)
            case .failed?, nil: continue
            }
        }
        return changes
    }

    /// The previous remote snapshot with `changes` (path → content, nil deleting the path), as
    /// `changes(of:)` makes them from what the server confirmed. `nil` when nothing changed,
    /// unless `evenIfUnchanged`: a sync that reached the remote is recorded even when nothing it
    /// sent was confirmed, so that the history is a complete account of what was attempted.
    func commitChanges(
        previous: RemoteSnapshot, changes: [String: [UInt8]?], subject: String, trailers: Trailers,
        evenIfUnchanged: Bool = false
    ) throws -> ObjectID? {
        let writer = try workspace.repository.makeWriter(compressionLevel: Self.compressionLevel(objects: changes.count))
        let root = try RecordTree.updateSnapshot(previous.root, changes: changes, writer: writer)
        guard root != previous.root || previous.commit == nil || evenIfUnchanged else { return nil }
        return try commit(root: root, writer: writer, parent: previous.commit, subject: subject, trailers: trailers)
    }

    /// A complete remote snapshot: every record the remote holds, with its server state.
    func commitComplete(
        _ records: [(Record, ServerState)], previous: RemoteSnapshot, subject: String, trailers: Trailers
    ) throws -> ObjectID {
        var files: [TreeFile] = []
        files.reserveCapacity(records.count * 2)
        for (record, state) in records {
            files.append(TreeFile(path: RecordPath.path(type: record.type, name: record.name),
                                  content: CanonicalJSON.encode(record)))
            files.append(TreeFile(
                path: RecordPath.path(type: record.type, name: record.name, directory: RecordPath.serverDirectory),
                content: state.blob))
        }
        let writer = try workspace.repository.makeWriter(compressionLevel: Self.compressionLevel(objects: files.count))
        let root = try RecordTree.writeSnapshot(files: files, base: previous.root, writer: writer)
        return try commit(root: root, writer: writer, parent: previous.commit, subject: subject, trailers: trailers)
    }

    /// Large syncs store their objects uncompressed, as large imports do (see `Workspace.buildLocalTree`):
    /// zlib would be a tenth of a 100,000-record push.
    private static func compressionLevel(objects: Int) -> Int32 {
        objects > 50_000 ? 0 : 1
    }

    private func commit(
        root: ObjectID, writer: ObjectWriter, parent: ObjectID?, subject: String, trailers: Trailers
    ) throws -> ObjectID {
        let identity = try workspace.commitIdentity()
        let commit = try writer.writeCommit(
            tree: root, parents: parent.map { [$0] } ?? [], message: trailers.message(subject: subject),
            author: identity.authorSignature(), committer: identity.committerSignature())
        try writer.finish()
        try workspace.repository.updateReference(ref, to: commit, expecting: parent, message: subject)
        return commit
    }
}
