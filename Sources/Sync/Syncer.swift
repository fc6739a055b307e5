import GitStore
import Records
import Snapshots

/// Push, fetch, prune-orphans and rollback of one workspace against one remote.
///
/// Commands take the workspace lock before calling a syncer; a syncer never prints.
package struct Syncer: Sendable {
    package let workspace: Workspace
    package let remote: Remote
    /// The records this syncer's pushes and fetches hold at once: its peak is what streaming bounds.
    package let heldRecords = HeldRecords()

    package init(workspace: Workspace, remote: Remote) {
        self.workspace = workspace
        self.remote = remote
    }

    var committer: RemoteSnapshotCommitter { RemoteSnapshotCommitter(workspace: workspace, remote: remote) }

    func remoteSnapshot() throws -> RemoteSnapshot {
        try RemoteSnapshot(
            repository: workspace.repository, commit: workspace.repository.reference(Refs.remote(remote.name)))
    }
}
