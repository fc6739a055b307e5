import GitStore
import Records

/// What `cksync status` reports: what a push would do now.
public struct StatusReport: Sendable {
    /// The remote compared against.
    public var remote: String
    /// Its last remote snapshot; `nil` when cksync has never synced with it (everything is new).
    public var remoteSnapshot: ObjectID?
    /// From the remote snapshot to the data files now, less the deletions a push spares (the
    /// records whose rows are invalid).
    public var changeset: Changeset
    /// The last local snapshot, if any.
    public var localSnapshot: ObjectID?
    /// Whether the data files differ from the last local snapshot (always true without one).
    public var dataChangedSinceLocalSnapshot: Bool
}

extension Workspace {
    /// The name of the remote `--remote` names, or the default remote.
    public func remoteName(_ requested: String?) throws -> String {
        try configuration.remote(named: requested).name
    }

    /// Compares the data files with the last remote snapshot of `remote`.
    public func status(remote requested: String?, detail: ChangesetBuilder.Detail = .records) throws -> StatusReport {
        let remote = try remoteName(requested)
        let remoteSnapshot = try repository.reference(Refs.remote(remote))
        let remoteRecords = try remoteSnapshot.flatMap { try recordsTree(ofCommit: $0) }
        let (local, changeset) = try buildLocalTree { local, patches in
            // A push spares the records whose rows are invalid: their deletions must be listed to be left out.
            let spares = local.invalid.contains { $0.name != nil }
            let changeset = try changesets.changeset(
                from: remoteRecords, to: local.records, knowing: patches,
                detail: spares && detail == .counts ? .names : detail)
            return (local, changeset.listingAndSparing(invalid: local.invalid))
        }
        let localSnapshot = try repository.reference(Refs.localMain)
        let localRoot = try localSnapshot.map { try repository.commit($0).tree }
        return StatusReport(
            remote: remote, remoteSnapshot: remoteSnapshot, changeset: changeset, localSnapshot: localSnapshot,
            dataChangedSinceLocalSnapshot: localRoot != local.root)
    }

    /// One side of a `cksync diff`.
    public enum DiffSide: Sendable, Hashable {
        /// The data files as they are now.
        case data
        /// The last remote snapshot of a remote (`nil` = the default remote).
        case remoteSnapshot(String?)
        /// A snapshot named by id, unique prefix, ref, or `main~N`.
        case revision(String)
    }

    /// The changeset between two sides; a side with no snapshot yet counts as holding no records.
    /// When the newer side is the data, the changeset lists the records it skipped as invalid.
    /// - Parameter listTolerated: also list the records equal only under the compare rules.
    public func diff(
        from old: DiffSide, to new: DiffSide, detail: ChangesetBuilder.Detail = .records, listTolerated: Bool = false
    ) throws -> Changeset {
        let oldTree = try recordsTree(of: old)
        guard new == .data else {
            return try changesets.changeset(
                from: oldTree, to: recordsTree(of: new), detail: detail, listTolerated: listTolerated)
        }
        return try buildLocalTree { local, patches in
            try changesets.changeset(
                from: oldTree, to: local.records, knowing: patches, detail: detail, listTolerated: listTolerated
            ).listing(invalid: local.invalid)
        }
    }

    /// The `records/` tree of a diff side.
    public func recordsTree(of side: DiffSide) throws -> ObjectID? {
        switch side {
        case .data:
            return try buildLocalTree().records
        case .remoteSnapshot(let requested):
            let remote = try remoteName(requested)
            return try repository.reference(Refs.remote(remote)).flatMap { try recordsTree(ofCommit: $0) }
        case .revision(let revision):
            return try recordsTree(ofCommit: resolveSnapshot(revision))
        }
    }

    /// A snapshot commit named by id, unique prefix, ref, or `main~N`.
    public func resolveSnapshot(_ revision: String) throws -> ObjectID {
        do {
            return try repository.resolve(revision)
        } catch let error as GitError {
            throw SnapshotError.unknownRevision(revision, reason: error.description)
        }
    }
}
