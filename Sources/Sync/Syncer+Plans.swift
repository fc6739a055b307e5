import GitStore
import Records
import Snapshots

/// What a fetch found.
package struct FetchResult: Sendable {
    package var remoteSnapshot: ObjectID
    package var records: Int
    /// What changed on the server since cksync last looked (nil: the first fetch).
    package var drift: Changeset?
    /// Asset files downloaded (`fetch --assets`): files on the server cksync did not know.
    package var assetsDownloaded = 0
}

extension Syncer {
    /// Queries every configured type and commits what the remote holds as its remote snapshot.
    /// Each page's records are written into the snapshot's pack as the page comes: only their
    /// paths and blob ids wait for the commit, never the records.
    ///
    /// An asset whose checksum the last remote snapshot has for the same record and field is
    /// named by the content cksync knows it as; any other is named by the server's checksum (it
    /// changed on the server, and shows as drift), unless `downloadingAssets`: then its bytes are
    /// downloaded into the repository and it is named by its content, like a local file.
    package func fetch(downloadingAssets: Bool = false) async throws -> FetchResult {
        let previous = try remoteSnapshot()
        // As many records as last time, most likely: that decides how the objects are stored.
        let expected = try workspace.changesets.changeset(from: nil, to: previous.records, detail: .counts).summary.new
        let writer = try committer.makeWriter(objects: 2 * expected)
        var blobs: [(path: String, id: ObjectID)] = []
        var downloaded = 0
        for type in workspace.configuration.types {
            let schema = Dictionary(type.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
            let hasAssets = type.hasAssetFields
            let before = blobs.count / 2
            let step = "Fetching \(type.name) from \(remote.name)"
            workspace.progress?(WorkProgress(step: step))
            try await remote.queryAll(type: type.name) { page in
                heldRecords.hold(page.count)
                defer { heldRecords.release(page.count) }
                // What the last remote snapshot knows of each record's files names them by content.
                let known =
                    hasAssets ? try previous.serverStates(of: page.map { (type.name, $0.recordName) }) : []
                for (index, dictionary) in page.enumerated() {
                    var (record, state) = try WireRecords.recordAndState(
                        dictionary, type: type.name, schema: schema,
                        known: hasAssets ? known[index]?.assets ?? [] : [])
                    if downloadingAssets {
                        downloaded += try await downloadUnknownAssets(
                            of: &record, state: &state, from: dictionary, into: writer)
                    }
                    blobs += try RemoteSnapshotCommitter.write(record, state: state, to: writer)
                }
                workspace.progress?(WorkProgress(step: step, done: blobs.count / 2 - before))
            }
        }
        let count = blobs.count / 2
        workspace.progress?(WorkProgress(step: "Recording the remote snapshot", total: count))
        let commit = try committer.commitComplete(
            &blobs, writer: writer, previous: previous, subject: "fetch \(remote.name): \(count) records",
            trailers: Trailers([
                (SyncTrailers.remote, remote.identity), (SyncTrailers.records, "\(count)"),
                (Trailers.version, CksyncVersion.current),
            ]))
        let fetched = try RemoteSnapshot(repository: workspace.repository, commit: commit)
        let drift = try previous.commit.map { _ in
            try workspace.changesets.changeset(from: previous.records, to: fetched.records)
        }
        return FetchResult(remoteSnapshot: commit, records: count, drift: drift, assetsDownloaded: downloaded)
    }

    /// The plan of a push: commits a local snapshot of the data (unless unchanged), fetches
    /// first when there is no remote snapshot yet or when asked to, and diffs.
    package func planPush(refresh: Bool, deleteOrphans: Bool) async throws -> SyncPlan {
        let snapshot = try workspace.snapshot(detail: .counts)
        try await fetchIfNeeded(refresh: refresh)
        var plan = try plan(
            .push, target: workspace.repository.reference(Refs.localMain), includesDeletions: deleteOrphans)
        plan.changeset = plan.changeset.listingAndSparing(invalid: snapshot.changeset.invalid)
        return plan
    }

    /// Fetches when the remote has no remote snapshot yet (or, with `refresh`, always): a plan
    /// needs to know what the remote holds.
    func fetchIfNeeded(refresh: Bool = false) async throws {
        if try refresh || remoteSnapshot().commit == nil { _ = try await fetch() }
    }

    /// The plan that takes the remote from its last remote snapshot to the records of snapshot
    /// `target`: every change for a push or rollback, only the deletions for prune-orphans.
    package func plan(_ operation: PlanOperation, target: ObjectID?, includesDeletions: Bool) throws -> SyncPlan {
        try workspace.plan(operation, from: remoteSnapshot(), target: target, includesDeletions: includesDeletions)
    }

    /// The plan of prune-orphans: only the deletions of remote records no longer in the data.
    package func planPrune() async throws -> SyncPlan {
        let snapshot = try workspace.snapshot(detail: .counts)
        try await fetchIfNeeded()
        var plan = try plan(
            .pruneOrphans, target: workspace.repository.reference(Refs.localMain), includesDeletions: true)
        plan.changeset = plan.changeset.listingAndSparing(invalid: snapshot.changeset.invalid)
        return plan
    }
}

extension Syncer {
    /// The plan of a rollback: the remote to hold exactly the records of `target`, deletions included.
    package func planRollback(to target: ObjectID) async throws -> SyncPlan {
        try await fetchIfNeeded()
        return try plan(.rollback, target: target, includesDeletions: true)
    }
}

extension Workspace {
    /// The plan from a given remote snapshot, current or not.
    func plan(
        _ operation: PlanOperation, from remoteSnapshot: RemoteSnapshot, target: ObjectID?, includesDeletions: Bool
    ) throws -> SyncPlan {
        progress?(WorkProgress(step: "Comparing with the remote snapshot"))
        let targetRecords = try target.flatMap { try recordsTree(ofCommit: $0) }
        // Names and blobs only: the apply reads each record as its batch is cut, and a review reads
        // the ones it shows (`SyncPlan.review`).
        var changeset = try changesets.changeset(from: remoteSnapshot.records, to: targetRecords, detail: .names)
        if operation == .pruneOrphans { changeset = changeset.orphansOnly }
        return SyncPlan(
            operation: operation, target: target, remoteSnapshot: remoteSnapshot.commit, changeset: changeset,
            includesDeletions: includesDeletions)
    }
}
