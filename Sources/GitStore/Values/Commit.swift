/// A commit read from the repository.
public struct Commit: Hashable, Sendable {
    /// The commit's own id.
    public var id: ObjectID
    /// The root tree of the snapshot.
    public var tree: ObjectID
    /// Parent commits, first parent first.
    public var parents: [ObjectID]
    /// The full message, ending in a newline.
    public var message: String
    /// Who wrote the change.
    public var author: Signature
    /// Who recorded it.
    public var committer: Signature

    /// Creates a commit value.
    public init(
        id: ObjectID, tree: ObjectID, parents: [ObjectID], message: String, author: Signature, committer: Signature
    ) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.message = message
        self.author = author
        self.committer = committer
    }
}
