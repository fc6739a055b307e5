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
}
