/// The refs of a snapshot repository (design.md, "The snapshot repository").
public enum Refs {
    /// Local snapshots: one commit per sync, rollback or explicit snapshot.
    public static let localMain = "refs/heads/main"

    /// What a remote holds, as far as cksync knows.
    public static func remote(_ name: String) -> String { "refs/remotes/\(name)/main" }
}
