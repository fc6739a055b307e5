import GitStore
import Records
import Snapshots

extension Syncer {
    /// Applies a plan: builds the operations, sends them, and commits the new remote snapshot
    /// holding exactly what the server confirmed.
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
        let states = try previous.serverStates(of: plan.applied.map { ($0.type, $0.name) })
        let operations = try zip(plan.applied, states).map { try operation(for: $0, state: $1) }
        let applier = BatchApplier(remote: remote, options: options, stop: interrupt.signal, progress: progress)
        // Each batch's confirmed outcomes go to the journal (one write and fsync) as they come,
        // and into the changes the remote snapshot commit is made of.
        let journal = try PushJournal(path: journalPath, base: previous.commit, kind: kind)
        var changes: [String: [UInt8]?] = [:]
        let (outcomes, journalError) = await applier.apply(operations) { range, results in
            let batch = RemoteSnapshotCommitter.changes(of: zip(operations[range], results.map(Optional.some)))
            for (path, content) in batch { changes.updateValue(content, forKey: path) }
            try journal.append(batch)
        }

        var result = SyncResult()
        for (change, outcome) in zip(plan.applied, outcomes) {
            switch outcome {
            case .written?:
                if change.kind == .new { result.new += 1 } else { result.updated += 1 }
            case .deleted?: result.deleted += 1
            case .skipped?: result.skipped += 1
            case .failed(let message)?: result.failures.append(message)
            case .conflict(let message, _)?: result.failures.append(message)
            case nil: result.notSent += 1
            }
        }
        result.stoppedOnConflict = interrupt.signal.current == .conflict
        result.interrupted = interrupt.signal.current == .interrupted

        let subject =
            "\(kind) \(remote.name): \(result.new) new, \(result.updated) updated, \(result.deleted) deleted"
            + (result.skipped > 0 ? ", \(result.skipped) skipped" : "")
            + (result.failed > 0 ? ", \(result.failed) failed" : "")
        result.remoteSnapshot = try committer.commitChanges(
            previous: previous, changes: changes, subject: subject,
            trailers: Trailers([(SyncTrailers.remote, remote.identity)] + extraTrailers + result.trailers),
            evenIfUnchanged: !operations.isEmpty)
        try journal.remove()
        // Everything confirmed is committed; a journal that could not be kept stops the apply.
        if let journalError { throw journalError }
        return result
    }

    /// The operation that applies `change`, given the server state the remote snapshot holds for it.
    /// - Throws: ``SyncError/planWithoutRecord(_:)`` for a new or updated record the changeset
    ///   holds no version of (a changeset computed with names only).
    private func operation(for change: RecordChange, state: ServerState?) throws -> PlannedOperation {
        let tag = state?.recordChangeTag.isEmpty == false ? state?.recordChangeTag : nil
        let kind: PlannedOperation.Kind
        switch (change.kind, change.new) {
        case (.new, let record?): kind = .upsert(record)
        case (.updated, let record?): kind = tag.map { .replace(record, tag: $0) } ?? .upsert(record)
        case (.deleted, _): kind = tag.map { .delete(tag: $0) } ?? .forceDelete
        case (.new, nil), (.updated, nil): throw SyncError.planWithoutRecord("\(change.type)/\(change.name)")
        }
        return PlannedOperation(kind: kind, type: change.type, name: change.name)
    }
}
