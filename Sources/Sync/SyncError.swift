import Records

/// A sync that could not start or could not finish.
package enum SyncError: Error, CustomStringConvertible, Sendable {
    /// Another live process holds `.cksync/lock` (its flock); the owner is what the file says, if readable.
    case locked(path: String, owner: WorkspaceLock.Owner?)
    case lockFailed(path: String, reason: String)
    /// Applying needs a confirmation that cannot be asked for (no terminal, no `--yes`).
    case confirmationRequired(String)
    /// `prune-orphans --max-deletes` would be exceeded.
    case tooManyDeletes(count: Int, limit: Int)
    /// The remote answered something cksync cannot use.
    case badResponse(String)
    /// A plan to write a record names neither a version of it nor the blob of one.
    case planWithoutRecord(String)

    package var description: String {
        switch self {
        case .locked(let path, let owner?):
            "\(path): another cksync (\(owner.command), pid \(owner.pid), since \(owner.started)) is writing; "
                + "try again when it is done"
        case .locked(let path, nil):
            "\(path): another cksync is writing; try again when it is done"
        case .lockFailed(let path, let reason):
            "\(path): cannot take the lock: \(reason)"
        case .confirmationRequired(let what):
            "\(what) needs confirmation, and there is no terminal to ask on: rerun with --yes to apply, "
                + "or --dry-run to only review"
        case .tooManyDeletes(let count, let limit):
            "refusing to delete \(count) records: more than --max-deletes \(limit)"
        case .badResponse(let text):
            "unexpected answer from the remote: \(text)"
        case .planWithoutRecord(let record):
            "the plan holds no version of \(record) to write; no request was sent after it"
        }
    }
}
