import GitStore

/// The blob-level differences between two versions of a type's tree that are known without a
/// diff, because the newer one was written by patching the older
/// (``ObjectWriter/updateTreeWithDeltas(_:changes:)``).
struct KnownTypeDiff: Sendable {
    /// The type's tree before.
    var old: ObjectID
    /// The type's tree after; nil when no record is left.
    var new: ObjectID?
    /// Paths below the type's tree, in no particular order.
    var deltas: [TreeDelta]
    /// The content of the new blob at each path of `deltas` that has one, when the patch was small
    /// enough to keep it (``heldLimit``): a changeset compares the records a snapshot just wrote
    /// without reading them back from its pack.
    var newContents: [String: [UInt8]?] = [:]

    /// The most changes whose contents are kept for the changeset after the patch.
    static let heldLimit = 1 << 18
}
