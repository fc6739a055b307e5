import Foundation
import Snapshots

extension GlobalOptions {
    /// The workspace `-C` and `--config` name (default: the current directory).
    func openWorkspace() throws -> Workspace {
        try Workspace.open(directory: directory ?? FileManager.default.currentDirectoryPath, configPath: config)
    }
}
