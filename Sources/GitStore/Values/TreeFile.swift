/// A file to place in a tree built by ``ObjectWriter/writeTree(files:base:)``.
public struct TreeFile: Sendable {
    /// Slash-separated path relative to the tree root, e.g. `records/Airport/3f/EGLL.json`.
    public var path: String
    /// The file's bytes.
    public var content: [UInt8]

    /// Creates a file.
    public init(path: String, content: [UInt8]) {
        self.path = path
        self.content = content
    }
}
