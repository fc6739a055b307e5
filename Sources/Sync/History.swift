import GitStore
import Snapshots

/// One sync of a remote, read back from its remote-snapshot commit.
public struct SyncEntry: Sendable, Hashable {
    public var commit: ObjectID
    public var subject: String
    /// Seconds since 1970 of the commit.
    public var time: Int64
    public var trailers: Trailers

    /// Counts from the trailers (0 when absent).
    public func count(_ key: String) -> Int { trailers[key].flatMap { Int($0) } ?? 0 }
}

/// The sync history of a remote: the first-parent history of `refs/remotes/<remote>/main`.
public struct SyncHistory {
    let repository: GitRepository

    public init(repository: GitRepository) {
        self.repository = repository
    }

    /// Every sync, newest first.
    public func entries(remote: String, limit: Int? = nil) throws -> [SyncEntry] {
        guard let head = try repository.reference(Refs.remote(remote)) else { return [] }
        return try repository.history(from: head, limit: limit).map(Self.entry)
    }

    /// The syncs that changed one record (its blob or its presence), newest first.
    public func entries(remote: String, recordType: String, recordName: String) throws -> [SyncEntry] {
        guard let head = try repository.reference(Refs.remote(remote)) else { return [] }
        let path = RecordPath.path(type: recordType, name: recordName)
        let commits = try repository.history(from: head)
        var result: [SyncEntry] = []
        for commit in commits {
            let mine = try repository.entry(at: path, inTree: commit.tree)?.id
            let parent = try commit.parents.first.map { try repository.commit($0).tree }
            let before = try parent.flatMap { try repository.entry(at: path, inTree: $0)?.id }
            if mine != before { result.append(Self.entry(commit)) }
        }
        return result
    }

    static func entry(_ commit: Commit) -> SyncEntry {
        SyncEntry(
            commit: commit.id,
            subject: String(commit.message.prefix { $0 != "\n" }),
            time: commit.committer.time,
            trailers: Trailers(parsing: commit.message))
    }
}

extension SyncHistory {
    /// The sync or snapshot a commit records.
    public func entry(_ commit: ObjectID) throws -> SyncEntry {
        Self.entry(try repository.commit(commit))
    }

    /// The changeset a commit applied: from its first parent's records to its own.
    public func changeset(
        of commit: ObjectID, workspace: Workspace, detail: ChangesetBuilder.Detail = .records
    ) throws -> Changeset {
        let parent = try repository.commit(commit).parents.first
        let before = try parent.flatMap { try workspace.recordsTree(ofCommit: $0) }
        return try workspace.changesets.changeset(
            from: before, to: workspace.recordsTree(ofCommit: commit), detail: detail)
    }
}
