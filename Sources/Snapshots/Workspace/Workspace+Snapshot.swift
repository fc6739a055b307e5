import GitStore

/// What `cksync snapshot` did.
public struct SnapshotResult: Sendable {
    /// The new snapshot; `nil` when the data matched the last snapshot and nothing was committed.
    public var commit: ObjectID?
    /// The snapshot before this one, if any.
    public var parent: ObjectID?
    /// From the previous local snapshot to the data now.
    public var changeset: Changeset
}

extension Workspace {
    /// Commits the data files as a local snapshot on `refs/heads/main`, unless the tree is unchanged.
    ///
    /// The ref moves by compare-and-swap: if another process moved it meanwhile, this fails and
    /// nothing is lost.
    /// - Parameter detail: how much of the changeset against the previous snapshot to compute.
    public func snapshot(detail: ChangesetBuilder.Detail = .records) throws -> SnapshotResult {
        let parent = try repository.reference(Refs.localMain)
        let parentCommit = try parent.map { try repository.commit($0) }
        let previousRecords = try parent.flatMap { try recordsTree(ofCommit: $0) }
        let (local, changeset) = try buildLocalTree { local, patches in
            let changeset = try changesets.changeset(
                from: previousRecords, to: local.records, knowing: patches, detail: detail)
            return (local, changeset.listing(invalid: local.invalid))
        }
        if let parentCommit, parentCommit.tree == local.root {
            return SnapshotResult(commit: nil, parent: parent, changeset: changeset)
        }
        let summary = changeset.summary
        var trailers = Trailers([
            (Trailers.new, "\(summary.new)"),
            (Trailers.updated, "\(summary.updated)"),
            (Trailers.deleted, "\(summary.deleted)"),
        ])
        if !local.invalid.isEmpty {
            trailers.items.append((Trailers.invalid, "\(local.invalid.count)"))
            for record in local.invalid.prefix(Trailers.invalidKept) {
                // A trailer is one line.
                trailers.items.append((Trailers.invalidRecord, record.description.replacing("\n", with: " ")))
            }
        }
        trailers.items.append((Trailers.version, CksyncVersion.current))
        let total = summary.new + summary.updated + summary.unchanged
        let invalid = local.invalid.isEmpty ? "" : ", \(local.invalid.count) invalid skipped"
        let subject =
            "snapshot: \(total) records (\(summary.new) new, \(summary.updated) updated, \(summary.deleted) deleted\(invalid))"
        let identity = try commitIdentity()
        let writer = try repository.makeWriter()
        let commit = try writer.writeCommit(
            tree: local.root, parents: parent.map { [$0] } ?? [], message: trailers.message(subject: subject),
            author: identity.authorSignature(), committer: identity.committerSignature())
        try writer.finish()
        try repository.updateReference(Refs.localMain, to: commit, expecting: parent, message: subject)
        return SnapshotResult(commit: commit, parent: parent, changeset: changeset)
    }
}
