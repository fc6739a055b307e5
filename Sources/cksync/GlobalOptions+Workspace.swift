import Foundation
import Snapshots

extension GlobalOptions {
    /// The workspace `-C` and `--config` name (default: the current directory).
    func openWorkspace() throws -> Workspace {
        try Workspace.open(directory: directory ?? FileManager.default.currentDirectoryPath, configPath: config)
    }

    /// A path the user gave, relative to `-C` when given, as if cksync was started there.
    func resolvePath(_ path: String) -> String {
        guard let directory, !path.hasPrefix("/") else { return path }
        return directory + "/" + path
    }
}
