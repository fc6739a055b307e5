import GitStore
import Records
import Snapshots

/// What folding a killed apply's journal did.
package struct JournalRecovery: Sendable {
    /// Records whose confirmed outcome the journal held.
    package var records: Int
    /// The remote snapshot committed from it; nil when the journal was already committed (the
    /// apply was killed after its commit, before removing the journal) or held nothing.
    package var remoteSnapshot: ObjectID?
}

extension Syncer {
    var journalPath: String { PushJournal.path(stateDirectory: workspace.stateDirectory, remote: remote.name) }

    /// Folds the push journal a killed push, rollback or prune-orphans left into the remote
    /// snapshot, then removes it. Run with the workspace lock held, before planning or fetching.
    /// - Returns: nil when there was no journal.
    @discardableResult
    package func recoverJournal() throws -> JournalRecovery? {
        guard let contents = try PushJournal.read(at: journalPath) else { return nil }
        let previous = try remoteSnapshot()
        let records = contents.changes.count { $0.path.hasPrefix(RecordPath.recordsDirectory + "/") }
        var recovery = JournalRecovery(records: records, remoteSnapshot: nil)
        // Only the apply that wrote the journal moves the ref from its base; a ref elsewhere means
        // that apply committed what the journal holds (and more) before it was killed.
        if previous.commit == contents.base, !contents.changes.isEmpty {
            let writer = try committer.makeWriter(objects: contents.changes.count)
            let changes = try contents.changes.map { (path: $0.path, id: try $0.content.map(writer.writeBlob)) }
            let subject =
                "\(contents.kind) \(remote.name): recovered \(records) records the server confirmed "
                + "before cksync was stopped"
            recovery.remoteSnapshot = try committer.commitChanges(
                previous: previous, changes: changes, writer: writer, subject: subject,
                trailers: Trailers([
                    (SyncTrailers.remote, remote.identity), (SyncTrailers.recovered, "\(records)"),
                    (Trailers.version, CksyncVersion.current),
                ]))
        }
        try PushJournal.remove(at: journalPath)
        return recovery
    }
}
