/// The command a plan comes from; it decides which changes apply and how the sync is recorded.
package enum PlanOperation: String, Sendable, CaseIterable {
    /// The data's snapshot to the remote; orphans deleted only when asked.
    case push
    /// Only the deletions of orphans.
    case pruneOrphans = "prune-orphans"
    /// The remote to hold exactly an earlier snapshot, deletions included.
    case rollback
}
