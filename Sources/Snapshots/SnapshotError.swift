import Records

/// A problem with the workspace or its snapshot repository.
public enum SnapshotError: Error, CustomStringConvertible, Sendable {
    /// The directory holds no `cksync.toml`.
    case notAWorkspace(directory: String)
    /// `cksync init` found an existing workspace.
    case workspaceExists(path: String)
    /// `cksync init` was asked for a folder inside an existing workspace.
    case insideWorkspace(path: String, configuration: String)
    /// A revision the user named does not resolve to a snapshot.
    case unknownRevision(String, reason: String)
    /// A blob or tree of the snapshot repository is not what cksync writes.
    case corrupt(path: String, reason: String)
    /// The named remote has no remote snapshot yet.
    case noRemoteSnapshot(remote: String)
    /// An environment variable holds a value cksync cannot use.
    case badEnvironment(variable: String, message: String)
    /// The sources hold more invalid records than `--max-invalid` allows.
    case tooManyInvalidRecords([InvalidRecord], limit: Int)

    public var description: String {
        switch self {
        case .notAWorkspace(let directory):
            "\(directory): not a cksync workspace (no cksync.toml here or in any parent folder; run `cksync init`)"
        case .workspaceExists(let path):
            "\(path) already exists: refusing to overwrite an existing workspace"
        case .insideWorkspace(let path, let configuration):
            "\(path) is inside the workspace of \(configuration): refusing to nest a workspace in another"
        case .unknownRevision(let revision, let reason):
            "unknown revision \"\(revision)\": \(reason)"
        case .corrupt(let path, let reason):
            "snapshot repository: \(path): \(reason)"
        case .noRemoteSnapshot(let remote):
            "remote \"\(remote)\" has no remote snapshot yet (run `cksync fetch` or `cksync push`)"
        case .badEnvironment(let variable, let message):
            "\(variable): \(message)"
        case .tooManyInvalidRecords(let invalid, let limit):
            Self.tooManyInvalidRecords(invalid, limit: limit)
        }
    }

    /// The count, then the first invalid records, one per line.
    private static func tooManyInvalidRecords(_ invalid: [InvalidRecord], limit: Int) -> String {
        let shown = 20
        var lines = ["\(invalid.count) invalid records, more than --max-invalid \(limit) allows; nothing was written:"]
        lines += invalid.prefix(shown).map { "  \($0)" }
        if invalid.count > shown { lines.append("  … and \(invalid.count - shown) more") }
        return lines.joined(separator: "\n")
    }
}
