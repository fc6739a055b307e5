import Foundation
import GitStore
import Records

/// A folder with `cksync.toml`, the data files it names, and `.cksync/` holding the snapshot repository.
public struct Workspace: Sendable {
    /// The workspace folder, absolute.
    public let directory: String
    /// The configuration file as the user would name it in a message (relative when inside the workspace).
    public let configDisplayPath: String
    public let configuration: WorkspaceConfiguration
    public let repository: GitRepository

    /// The name of the configuration file in a workspace.
    public static let configFileName = "cksync.toml"
    /// The folder of cksync's own state inside a workspace.
    public static let stateFolderName = ".cksync"

    /// Opens the workspace in `directory`, creating `.cksync/repo` on first use (a cloned project
    /// carries cksync.toml and the data, but not `.cksync/`).
    /// - Parameter configPath: `--config`; defaults to `directory/cksync.toml`.
    public static func open(directory: String, configPath: String? = nil) throws -> Workspace {
        let directory = absolute(directory)
        let configFile = configPath.map(absolute) ?? directory + "/" + configFileName
        guard FileManager.default.fileExists(atPath: configFile) else {
            if configPath != nil { throw ConfigError(file: configPath!, message: "no such file") }
            throw SnapshotError.notAWorkspace(directory: directory)
        }
        let display = configPath ?? configFileName
        let configuration = try WorkspaceConfiguration.load(path: configFile, displayPath: display)
        let repoPath = directory + "/" + stateFolderName + "/repo"
        let repository =
            FileManager.default.fileExists(atPath: repoPath + "/HEAD")
            ? try GitRepository(bareAt: repoPath) : try GitRepository.create(bareAt: repoPath)
        return Workspace(
            directory: directory, configDisplayPath: display, configuration: configuration, repository: repository)
    }

    /// Creates a new workspace: a commented `cksync.toml` template and `.cksync/repo`.
    /// Refuses to overwrite an existing workspace.
    public static func initialize(directory: String) throws {
        let directory = absolute(directory)
        let configFile = directory + "/" + configFileName
        let stateFolder = directory + "/" + stateFolderName
        for existing in [configFile, stateFolder] where FileManager.default.fileExists(atPath: existing) {
            throw SnapshotError.workspaceExists(path: existing)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try GitRepository.create(bareAt: stateFolder + "/repo")
        try Data(ConfigurationTemplate.text.utf8).write(to: URL(fileURLWithPath: configFile), options: .withoutOverwriting)
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

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }
}
