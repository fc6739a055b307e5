/// One entry of a git tree: a blob (mode `100644`) or a subtree (mode `40000`).
public struct TreeEntry: Hashable, Sendable {
    /// The entry's name, a single path segment.
    public var name: String
    /// The id of the blob or tree it names.
    public var id: ObjectID
    /// Whether the entry is a subtree.
    public var isTree: Bool

    /// Creates an entry.
    public init(name: String, id: ObjectID, isTree: Bool) {
        self.name = name
        self.id = id
        self.isTree = isTree
    }
}
