import ArgumentParser
import Foundation
import Snapshots
import Sync

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the changeset a sync or snapshot applied, field by field.",
        discussion: """
            REV is any snapshot: a remote snapshot (local/main, local/main~2) shows what that sync did to the \
            remote; a local one what that snapshot changed. Default: the last remote snapshot of the remote. \
            A file written by `--dry-run --out FILE` shows that saved plan instead. With -v, deleted records \
            show the fields they had.

            Examples:
              cksync show                  # what the last sync did
              cksync show local/main~2 --stat
              cksync show plan.json --json

            Exit codes: 0 ok; 2 unknown revision or not a plan file; 4 a plan whose snapshots are gone.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The snapshot (default: <remote>/main), or a saved plan file.", valueName: "rev"))
    var revision: String?

    @Flag(help: "One line per changed record and a total.")
    var stat = false

    func run() async throws {
        if let path = revision.map(global.resolvePath), Self.isFile(path) {
            return try SavedPlanView(file: path, global: global).print(stat: stat)
        }
        let workspace = try global.openWorkspace()
        let revision = try revision ?? "refs/remotes/\(workspace.remoteName(global.remote))/main"
        let commit = try workspace.resolveSnapshot(revision)
        let entry = try SyncHistory(repository: workspace.repository).entry(commit)
        let changeset = try SyncHistory(repository: workspace.repository).changeset(
            of: commit, workspace: workspace, detail: stat && !global.json ? .names : .records)
        Pager.start(global)
        let output = Output(options: global)
        if global.json {
            output.json(
                JSONDocument.make(
                    [("snapshot", .string(commit.hex)), ("subject", .string(entry.subject))]
                        + ChangesetJSON.members(changeset)))
            return
        }
        output.line("\(output.style.yellow(commit.hex)) \(entry.subject)")
        for item in entry.trailers.items { output.line("    \(item.key): \(item.value)") }
        output.line()
        let text = ChangesetText(changeset, style: output.style, showsDeletedFields: global.verbose)
        if stat {
            output.lines(text.stat)
        } else {
            output.line(ChangesetText.summaryLine(changeset.summary))
            output.lines(text.details)
        }
    }

    /// Whether a REV argument names a file (a saved plan) rather than a revision; a directory
    /// named like a ref stays a revision.
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
