/// What to do when a conflict-checked write finds the record changed on the server.
package enum ConflictPolicy: String, Sendable, CaseIterable {
    /// Write the local version anyway (`forceReplace` / `forceDelete`). The default.
    case overwrite
    /// Leave the server's version, record it in the remote snapshot, go on.
    case skip
    /// Stop: apply nothing more (exit 4).
    case fail
}

/// How a changeset is applied to a remote.
package struct ApplyOptions: Sendable {
    /// Operations per `records/modify` request (at most 200).
    package var batchSize: Int
    /// Requests in flight at once.
    package var concurrency: Int
    package var onConflict: ConflictPolicy

    package init(batchSize: Int = 200, concurrency: Int = 4, onConflict: ConflictPolicy = .overwrite) {
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.onConflict = onConflict
    }
}

/// Progress of an apply, reported after every request.
package struct ApplyProgress: Sendable {
    package var operationsDone: Int
    package var operationsTotal: Int
    package var batchesDone: Int
    package var batchesTotal: Int
    /// Seconds since the apply started.
    package var elapsed: Double
}
