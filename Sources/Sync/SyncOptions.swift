/// What to do when a conflict-checked write finds the record changed on the server.
public enum ConflictPolicy: String, Sendable, CaseIterable {
    /// Write the local version anyway (`forceReplace` / `forceDelete`). The default.
    case overwrite
    /// Leave the server's version, record it in the remote snapshot, go on.
    case skip
    /// Stop: apply nothing more (exit 4).
    case fail
}

/// How a changeset is applied to a remote.
public struct ApplyOptions: Sendable {
    /// Operations per `records/modify` request (at most 200).
    public var batchSize: Int
    /// Requests in flight at once.
    public var concurrency: Int
    public var onConflict: ConflictPolicy

    public init(batchSize: Int = 200, concurrency: Int = 4, onConflict: ConflictPolicy = .overwrite) {
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.onConflict = onConflict
    }
}

/// Progress of an apply, reported after every request.
public struct ApplyProgress: Sendable {
    public var operationsDone: Int
    public var operationsTotal: Int
    public var batchesDone: Int
    public var batchesTotal: Int
    /// Seconds since the apply started.
    public var elapsed: Double
}
