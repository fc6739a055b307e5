/// What a commit of the snapshot repository records: a local snapshot, or one sync with a remote.
/// The raw value is the first word of the commit's subject (`push local: …`).
package enum SyncKind: String, CaseIterable, Sendable, Hashable {
    case snapshot
    case push
    case fetch
    case pruneOrphans = "prune-orphans"
    case rollback
}
