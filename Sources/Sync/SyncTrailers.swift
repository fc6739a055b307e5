/// The trailers of remote-snapshot commits, beside the counts `Trailers` defines.
package enum SyncTrailers {
    package static let remote = "Cksync-Remote"
    package static let localSnapshot = "Cksync-Local-Snapshot"
    package static let skipped = "Cksync-Skipped"
    /// Every operation that failed or was never sent.
    package static let failed = "Cksync-Failed"
    /// One per failed operation, at most `failuresKept`, with the server's reason.
    package static let failure = "Cksync-Failure"
    package static let failuresKept = 100
    /// Why an apply stopped early: `conflict` (`--on-conflict fail`) or `interrupted`.
    package static let stopped = "Cksync-Stopped"
    package static let rollbackTo = "Cksync-Rollback-To"
    package static let records = "Cksync-Records"
    /// On a remote snapshot folded from a killed apply's push journal: the records it recovered.
    package static let recovered = "Cksync-Recovered"
}
