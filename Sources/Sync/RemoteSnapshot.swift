import GitStore
import Snapshots

/// The last remote snapshot of a remote: what the remote holds, as far as cksync knows.
///
/// Its tree holds `records/…` (the same blobs a local snapshot holds) and `server/…` (each
/// record's change tag and timestamps, as `ServerState`).
struct RemoteSnapshot {
    let repository: GitRepository
    /// The commit on `refs/remotes/<remote>/main`; `nil` before the first fetch or push.
    let commit: ObjectID?
    let root: ObjectID?
    let records: ObjectID?

    init(repository: GitRepository, commit: ObjectID?) throws {
        self.repository = repository
        self.commit = commit
        root = try commit.map { try repository.commit($0).tree }
        records = try root.flatMap { try repository.entry(at: RecordPath.recordsDirectory, inTree: $0)?.id }
    }

    /// The server state recorded for a record, if the snapshot has one.
    func serverState(type: String, name: String) throws -> ServerState? {
        guard let root else { return nil }
        let path = RecordPath.path(type: type, name: name, directory: RecordPath.serverDirectory)
        guard let entry = try repository.entry(at: path, inTree: root), !entry.isTree else { return nil }
        return ServerState(blob: try repository.blob(entry.id))
    }
}
