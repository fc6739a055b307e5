import ArgumentParser
import Foundation
import Snapshots

extension GlobalOptions {
    /// The workspace `--config` names, else the nearest `cksync.toml` at or above `-C` (default:
    /// the current folder).
    ///
    /// - Throws: `ValidationError` for a `-C` that is not a folder (as `git -C` refuses one, rather
    ///   than finding a workspace above it); the errors of `Workspace.open`.
    func openWorkspace() throws -> Workspace {
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else { throw ValidationError("-C \(directory): no such folder") }
        }
        var workspace = try Workspace.open(
            directory: directory ?? FileManager.default.currentDirectoryPath, configPath: config)
        ProgressLine.shared.activate(self)
        workspace.progress = ProgressLine.shared.handler
        return workspace
    }

    /// A path the user gave, relative to `-C` when given, as if cksync was started there.
    func resolvePath(_ path: String) -> String {
        guard let directory, !path.hasPrefix("/") else { return path }
        return directory + "/" + path
    }
}
