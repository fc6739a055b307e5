/// The trailers of remote-snapshot commits, beside the counts `Trailers` defines.
public enum SyncTrailers {
    public static let remote = "Cksync-Remote"
    public static let localSnapshot = "Cksync-Local-Snapshot"
    public static let skipped = "Cksync-Skipped"
    /// Every operation that failed or was never sent.
    public static let failed = "Cksync-Failed"
    /// One per failed operation, at most `failuresKept`, with the server's reason.
    public static let failure = "Cksync-Failure"
    public static let failuresKept = 100
    /// Why an apply stopped early: `conflict` (`--on-conflict fail`) or `interrupted`.
    public static let stopped = "Cksync-Stopped"
    public static let rollbackTo = "Cksync-Rollback-To"
    public static let records = "Cksync-Records"
    /// On a remote snapshot folded from a killed apply's push journal: the records it recovered.
    public static let recovered = "Cksync-Recovered"
}
