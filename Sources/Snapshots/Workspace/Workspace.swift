import Foundation
import GitStore
import Records

/// A folder with `cksync.toml`, the data files it names, and `.cksync/` holding the snapshot repository.
public struct Workspace: Sendable {
    /// The workspace folder, absolute.
    public let directory: String
    /// The configuration file as the user would name it in a message (relative when inside the workspace).
    public let configDisplayPath: String
    /// The parsed `cksync.toml`.
    public let configuration: WorkspaceConfiguration
    /// The snapshot repository, `.cksync/repo`.
    public let repository: GitRepository
    /// The most invalid records (`invalid-records = "skip"`) a read of the data accepts, over all
    /// types (`--max-invalid`); `nil`: no limit.
    public var maxInvalidRecords: Int?
    /// Told how the long steps of a command come along (reading sources, writing snapshots,
    /// syncing); `nil`: nobody is watching.
    public var progress: WorkProgressHandler?
    /// Above this many bytes of sources imported (types with no tree yet), objects are stored in the
    /// pack uncompressed, and each record's blob is written as it is mapped: zlib would otherwise
    /// be most of a large import's time (performance-notes.md), and holding every record most of
    /// its memory. The pack is about 1.6 times larger; `cksync gc` compresses it. Tests lower it
    /// to import small data the way large data is.
    package var storedPackThreshold = 64 << 20

    /// The name of the configuration file in a workspace.
    public static let configFileName = "cksync.toml"
    /// The folder of cksync's own state inside a workspace.
    public static let stateFolderName = ".cksync"

    /// Opens the workspace a command started in `directory` runs in, creating `.cksync/repo` on
    /// first use (a cloned project carries cksync.toml and the data, but not `.cksync/`).
    ///
    /// The workspace is the folder of its configuration file: `configPath` when given (relative to
    /// `directory`), else the nearest `cksync.toml` at or above `directory`, as git finds `.git`.
    /// Sources, the local remote and `.cksync/` are all relative to that folder, so nothing is
    /// created outside it.
    /// - Parameters:
    ///   - directory: where the command runs (`-C`, else the current folder).
    ///   - configPath: `--config`, as the user wrote it.
    /// - Throws: `SnapshotError.notAWorkspace` when no folder up to the root holds `cksync.toml`;
    ///   `ConfigError` for a `--config` file that does not exist or a configuration that is invalid.
    public static func open(directory: String, configPath: String? = nil) throws -> Workspace {
        let start = absolute(directory)
        let configFile: String
        let display: String
        if let configPath {
            configFile = absolute(configPath, relativeTo: start)
            guard FileManager.default.fileExists(atPath: configFile) else {
                throw ConfigError(file: configPath, message: "no such file")
            }
            display = configPath
        } else {
            guard let found = findConfiguration(from: start) else {
                throw SnapshotError.notAWorkspace(directory: start)
            }
            configFile = found
            display = relativePath(found, from: start)
        }
        let directory = (configFile as NSString).deletingLastPathComponent
        let configuration = try WorkspaceConfiguration.load(path: configFile, displayPath: display)
        let repoPath = directory + "/" + stateFolderName + "/repo"
        let repository =
            FileManager.default.fileExists(atPath: repoPath + "/HEAD")
            ? try GitRepository(bareAt: repoPath) : try GitRepository.create(bareAt: repoPath)
        return Workspace(
            directory: directory, configDisplayPath: display, configuration: configuration, repository: repository)
    }

    /// Creates a new workspace: a commented `cksync.toml` template and `.cksync/repo`.
    /// Refuses to overwrite an existing workspace, and to nest one inside another (found as
    /// `open` finds a workspace: the nearest `cksync.toml` at or above `directory`).
    public static func initialize(directory: String) throws {
        let directory = absolute(directory)
        let configFile = directory + "/" + configFileName
        let stateFolder = directory + "/" + stateFolderName
        for existing in [configFile, stateFolder] where FileManager.default.fileExists(atPath: existing) {
            throw SnapshotError.workspaceExists(path: existing)
        }
        if let enclosing = findConfiguration(from: directory) {
            throw SnapshotError.insideWorkspace(path: directory, configuration: enclosing)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try GitRepository.create(bareAt: stateFolder + "/repo")
        try Data(ConfigurationTemplate.text.utf8).write(
            to: URL(fileURLWithPath: configFile), options: .withoutOverwriting)
    }

    /// The state folder `.cksync/`.
    public var stateDirectory: String { directory + "/" + Self.stateFolderName }

    /// Compare rules of every configured type.
    public var compareRules: [String: CompareRules] {
        Dictionary(configuration.types.map { ($0.name, $0.compare) }, uniquingKeysWith: { first, _ in first })
    }

    /// The changeset builder over this workspace's repository and rules.
    public var changesets: ChangesetBuilder {
        ChangesetBuilder(repository: repository, rules: compareRules)
    }

    /// `path` made absolute against `base` (default: the current folder), `.` and `..` resolved.
    static func absolute(_ path: String, relativeTo base: String = FileManager.default.currentDirectoryPath) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: base, isDirectory: true))
        return url.standardizedFileURL.path
    }
}
