import ArgumentParser
import Foundation
import Snapshots

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: a commented cksync.toml and .cksync/repo.",
        discussion: """
            Refuses to touch a folder that already has cksync.toml or .cksync/, or one inside an existing \
            workspace (a cksync.toml in a parent folder).

            Examples:
              cksync init places
              cksync -C places status

            Exit codes: 0 created; 2 the workspace exists or cannot be created.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The workspace folder, created if missing (default: -C or .).", valueName: "dir"))
    var directory: String?

    func run() async throws {
        let target = directory ?? global.directory ?? "."
        let base = global.directory.flatMap { directory == nil ? nil : $0 }
        let path = base.map { $0 + "/" + target } ?? target
        try Workspace.initialize(directory: path)
        let output = Output(options: global)
        if global.json {
            return output.json(
                JSONDocument.make([
                    ("workspace", .string(path)), ("configuration", .string(path + "/cksync.toml")),
                    ("repository", .string(path + "/.cksync/repo")),
                ]))
        }
        output.line("Initialized cksync workspace in \(path)")
        output.line("  cksync.toml     edit it: name your data files and how they map to record types")
        output.line("  .cksync/repo    the snapshot repository (git --git-dir \(path)/.cksync/repo log)")
    }
}
