/// What turns a file an ASSET field names into an `Asset`: its size and the git blob id of its
/// bytes, which the implementation also stores (Snapshots writes them into the snapshot's
/// repository). Records itself never reads asset files: it works out which file a value names and
/// checks, by the path's text, that the file is inside the workspace.
///
/// Called from every thread mapping rows at once, so it must be safe to call concurrently.
public protocol AssetResolving: Sendable {
    /// The asset the file holds.
    /// - Parameter file: the file, inside the workspace by its path's text.
    /// - Throws: `AssetError` saying what is wrong with the file (missing, unreadable, a folder,
    ///   a symbolic link out of the workspace, over `Asset.maximumBytes`); the reader adds the
    ///   data file, line, field and path.
    func asset(at file: AssetFile) throws(AssetError) -> Asset
}

/// A file an ASSET value names.
public struct AssetFile: Sendable, Hashable {
    /// The absolute path, normalized (no `.` or `..`), inside `workspace`.
    public var path: String
    /// The path relative to the workspace, as messages name it (`data/images/a.png`).
    public var workspacePath: String
    /// The workspace folder, absolute and normalized: the real path of the file must stay inside
    /// its real path.
    public var workspace: String

    /// A file at `path`, named `workspacePath` in messages, inside `workspace`.
    public init(path: String, workspacePath: String, workspace: String) {
        self.path = path
        self.workspacePath = workspacePath
        self.workspace = workspace
    }
}

/// Why a file cannot be an asset; the reader turns it into an `InputError` naming the data file,
/// line, field and path.
public struct AssetError: Error, Sendable, Hashable {
    /// What is wrong, without the location (`no such file`).
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) {
        self.message = message
    }
}
