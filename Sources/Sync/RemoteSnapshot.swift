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

    /// The server states of many records at once, in order; nil where the snapshot has none.
    func serverStates(of records: [(type: String, name: String)]) throws -> [ServerState?] {
        guard let root else { return records.map { _ in nil } }
        let paths = records.map { RecordPath.path(type: $0.type, name: $0.name, directory: RecordPath.serverDirectory) }
        return try RecordTree.blobIDs(at: paths, inSnapshot: root, repository: repository).map { id in
            try id.flatMap { ServerState(blob: try repository.blob($0)) }
        }
    }
}
