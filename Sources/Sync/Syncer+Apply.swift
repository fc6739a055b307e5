import GitStore
import Records
import Snapshots

extension Syncer {
    /// Applies a plan: makes its operations batch by batch, reading each record from the target
    /// snapshot as its batch is cut, sends them, and commits the new remote snapshot holding
    /// exactly what the server confirmed. The records held at once are those of the batches in
    /// flight (`heldRecords`), whatever the size of the plan.
    /// - Parameters:
    ///   - kind: the commit subject's verb: `push`, `rollback`, `prune-orphans`.
    ///   - extraTrailers: trailers that name what the sync did (local snapshot, rollback target).
    package func apply(
        _ plan: SyncPlan, options: ApplyOptions, kind: String, extraTrailers: [(key: String, value: String)],
        interrupt: StopSignalHandle = StopSignalHandle(),
        progress: @escaping @Sendable (ApplyProgress) -> Void = { _ in }
    ) async throws -> SyncResult {
        try recoverJournal()
        let previous = try remoteSnapshot()
        guard previous.commit == plan.remoteSnapshot else {
            throw SyncError.badResponse("the remote snapshot moved while planning; run the command again")
        }
        var source = OperationSource(
            plan: plan, previous: previous, repository: workspace.repository, held: heldRecords)
        let count = source.count
        let cutter = BatchCutter(count: count, maxOperations: options.batchSize, maxBytes: remote.maxRequestBytes) {
            try source.next()
        }
        let applier = BatchApplier(
            remote: remote, uploader: AssetUploader(remote: remote, repository: workspace.repository),
            options: options, stop: interrupt.signal, progress: progress)
        // Each batch's confirmed outcomes go to the journal (one write and fsync) as they come, and
        // their blobs into the remote snapshot's pack: only the paths' blob ids wait for the commit.
        let journal = try PushJournal(path: journalPath, base: previous.commit, kind: kind)
        let writer = try committer.makeWriter(objects: 2 * count)
        var changes = RemoteSnapshotChanges(expected: count)
        var result = SyncResult()
        let (sent, stopError) = await applier.apply(cutter) { operations, outcomes in
            result.count(zip(operations, outcomes))
            let confirmed = RemoteSnapshotChanges.confirmed(zip(operations, outcomes))
            heldRecords.release(operations.count { $0.record != nil })
            try changes.write(confirmed, to: writer)
            try journal.append(RemoteSnapshotChanges.journalChanges(confirmed))
        }
        result.notSent = count - sent
        result.stoppedOnConflict = interrupt.signal.current == .conflict
        result.interrupted = interrupt.signal.current == .interrupted

        let subject =
            "\(kind) \(remote.name): \(result.new) new, \(result.updated) updated, \(result.deleted) deleted"
            + (result.skipped > 0 ? ", \(result.skipped) skipped" : "")
            + (result.failed > 0 ? ", \(result.failed) failed" : "")
        workspace.progress?(WorkProgress(step: "Recording the remote snapshot"))
        result.remoteSnapshot = try committer.commitChanges(
            previous: previous, changes: changes.paths, writer: writer, subject: subject,
            trailers: Trailers([(SyncTrailers.remote, remote.identity)] + extraTrailers + result.trailers),
            evenIfUnchanged: count > 0)
        try journal.remove()
        // Everything confirmed is committed; a journal that could not be kept, or a record that
        // could not be read, stops the apply.
        if let stopError { throw stopError }
        return result
    }
}
