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
    /// Failed operations change nothing.
    static func changes<Outcomes: Sequence>(of outcomes: Outcomes) -> [(path: String, content: [UInt8]?)]
    where Outcomes.Element == (PlannedOperation, OperationOutcome) {
        var changes: [(path: String, content: [UInt8]?)] = []
        func put(_ type: String, _ name: String, _ found: (Record, ServerState)?) {
            changes.append((RecordPath.path(type: type, name: name), found.map { CanonicalJSON.encode($0.0) }))
            changes.append(
                (RecordPath.path(type: type, name: name, directory: RecordPath.serverDirectory), found?.1.blob))
        }
        for (operation, outcome) in outcomes {
            switch outcome {
            case .written(let record, let state): put(operation.type, operation.name, (record, state))
            case .deleted: put(operation.type, operation.name, nil)
            case .skipped(let current), .conflict(_, let current): put(operation.type, operation.name, current)
            case .failed: continue
            }
        }
        return changes
    }

    /// A writer for a remote snapshot's objects, which a sync writes as they come. Large syncs
    /// store their objects uncompressed, as large imports do (see `Workspace.buildLocalTree`):
    /// zlib would be a tenth of a 100,000-record push.
    /// - Parameter objects: about how many objects the snapshot will add.
    func makeWriter(objects: Int) throws -> ObjectWriter {
        try workspace.repository.makeWriter(compressionLevel: objects > 50_000 ? 0 : 1)
    }

    /// Writes the blobs of `changes` (path → content, nil deleting the path), as `changes(of:)`
    /// makes them, and notes each path's blob (nil: deleted) in `blobs`; a later change of the
    /// same path replaces an earlier one.
    static func write(
        _ changes: [(path: String, content: [UInt8]?)], to writer: ObjectWriter, into blobs: inout [String: ObjectID?]
    ) throws {
        for (path, content) in changes { blobs.updateValue(try content.map(writer.writeBlob), forKey: path) }
    }

    /// The previous remote snapshot with `changes` (path → a blob `writer` holds, nil deleting the
    /// path). `nil` when nothing changed, unless `evenIfUnchanged`: a sync that reached the remote
    /// is recorded even when nothing it sent was confirmed, so that the history is a complete
    /// account of what was attempted.
    func commitChanges(
        previous: RemoteSnapshot, changes: [String: ObjectID?], writer: ObjectWriter, subject: String,
        trailers: Trailers, evenIfUnchanged: Bool = false
    ) throws -> ObjectID? {
        let root = try RecordTree.updateSnapshot(previous.root, changes: changes, writer: writer)
        guard root != previous.root || previous.commit == nil || evenIfUnchanged else { return nil }
        return try commit(root: root, writer: writer, parent: previous.commit, subject: subject, trailers: trailers)
    }

    /// The paths of a record and of its server state, with their blobs written by `writer`.
    static func write(
        _ record: Record, state: ServerState, to writer: ObjectWriter
    ) throws -> [(path: String, id: ObjectID)] {
        [
            (RecordPath.path(type: record.type, name: record.name), try writer.writeBlob(CanonicalJSON.encode(record))),
            (
                RecordPath.path(type: record.type, name: record.name, directory: RecordPath.serverDirectory),
                try writer.writeBlob(state.blob)
            ),
        ]
    }

    /// A complete remote snapshot: every record the remote holds and its server state, as blobs
    /// `writer` holds (`write(_:state:to:)`).
    func commitComplete(
        _ blobs: [(path: String, id: ObjectID)], writer: ObjectWriter, previous: RemoteSnapshot, subject: String,
        trailers: Trailers
    ) throws -> ObjectID {
        let root = try RecordTree.writeSnapshot(blobs: blobs, base: previous.root, writer: writer)
        return try commit(root: root, writer: writer, parent: previous.commit, subject: subject, trailers: trailers)
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
