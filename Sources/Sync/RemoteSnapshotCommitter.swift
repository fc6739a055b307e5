import GitStore
import Records
import Snapshots

/// Commits remote snapshots on `refs/remotes/<remote>/main`, moved by compare-and-swap.
struct RemoteSnapshotCommitter {
    let workspace: Workspace
    let remote: Remote

    var ref: String { Refs.remote(remote.name) }

    /// A writer for a remote snapshot's objects, which a sync writes as they come. Large syncs
    /// store their objects uncompressed, as large imports do (see `Workspace.buildLocalTree`):
    /// zlib would be a tenth of a 100,000-record push.
    /// - Parameter objects: about how many objects the snapshot will add.
    func makeWriter(objects: Int) throws -> ObjectWriter {
        try workspace.repository.makeWriter(compressionLevel: objects > 50_000 ? 0 : 1)
    }

    /// The previous remote snapshot with `changes` (path → a blob `writer` holds, nil deleting the
    /// path; a later change of a path replaces an earlier one). `nil` when nothing changed, unless `evenIfUnchanged`: a sync that reached the remote
    /// is recorded even when nothing it sent was confirmed, so that the history is a complete
    /// account of what was attempted.
    func commitChanges(
        previous: RemoteSnapshot, changes: some Collection<(path: String, id: ObjectID?)>, writer: ObjectWriter,
        subject: String,
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
        let pathInType = RecordPath.pathInType(name: record.name)
        return [
            (
                RemoteSnapshotChanges.path(RecordPath.recordsDirectory, record.type, pathInType),
                try writer.writeBlob(CanonicalJSON.encode(record))
            ),
            (
                RemoteSnapshotChanges.path(RecordPath.serverDirectory, record.type, pathInType),
                try writer.writeBlob(state.blob)
            ),
        ]
    }

    /// A complete remote snapshot: every record the remote holds and its server state, as blobs
    /// `writer` holds (`write(_:state:to:)`).
    func commitComplete(
        _ blobs: inout [(path: String, id: ObjectID)], writer: ObjectWriter, previous: RemoteSnapshot, subject: String,
        trailers: Trailers
    ) throws -> ObjectID {
        // The pack of the blobs is hashed and installed while their trees are built.
        writer.sealPack()
        let root = try RecordTree.writeSnapshot(blobs: &blobs, base: previous.root, writer: writer)
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
