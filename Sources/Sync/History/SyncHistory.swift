import GitStore
import Snapshots

/// The sync history of a remote: the first-parent history of `refs/remotes/<remote>/main`.
package struct SyncHistory {
    let repository: GitRepository

    package init(repository: GitRepository) {
        self.repository = repository
    }

    /// The syncs `filter` includes, newest first, at most `limit`.
    package func entries(remote: String, filter: SyncFilter = SyncFilter(), limit: Int? = nil) throws -> [SyncEntry] {
        guard let head = try repository.reference(Refs.remote(remote)) else { return [] }
        var result: [SyncEntry] = []
        var next: ObjectID? = head
        while let id = next, result.count < (limit ?? Int.max) {
            let commit = try repository.commit(id)
            let entry = try SyncEntry(commit)
            if filter.includes(entry) { result.append(entry) }
            next = commit.parents.first
        }
        return result
    }

    /// The sync or snapshot a commit records.
    package func entry(_ commit: ObjectID) throws -> SyncEntry {
        try SyncEntry(repository.commit(commit))
    }

    /// The changeset a commit applied: from its first parent's records to its own.
    package func changeset(
        of commit: ObjectID, workspace: Workspace, detail: ChangesetBuilder.Detail = .records
    ) throws -> Changeset {
        let parent = try repository.commit(commit).parents.first
        let before = try parent.flatMap { try workspace.recordsTree(ofCommit: $0) }
        return try workspace.changesets.changeset(
            from: before, to: workspace.recordsTree(ofCommit: commit), detail: detail)
    }
}
