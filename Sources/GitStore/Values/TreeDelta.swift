/// One blob-level difference between two trees.
public struct TreeDelta: Hashable, Sendable {
    /// The slash-separated path from the tree root.
    public var path: String
    /// The blob before; nil when the path was added.
    public var old: ObjectID?
    /// The blob after; nil when the path was deleted.
    public var new: ObjectID?

    /// Creates a delta.
    public init(path: String, old: ObjectID?, new: ObjectID?) {
        self.path = path
        self.old = old
        self.new = new
    }
}
