import ArgumentParser
import Snapshots
import Sync

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the changeset a sync or snapshot applied, field by field.",
        discussion: """
            REV is any snapshot: a remote snapshot (local/main, local/main~2) shows what that sync did to the \
            remote; a local one what that snapshot changed. Default: the last remote snapshot of the remote. \
            Exit codes: 0 ok; 2 unknown revision.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The snapshot (default: <remote>/main).", valueName: "rev"))
    var revision: String?

    @Flag(help: "One line per changed record and a total.")
    var stat = false

    func run() async throws {
        let workspace = try global.openWorkspace()
        let revision = try revision ?? "refs/remotes/\(workspace.remoteName(global.remote))/main"
        let commit = try workspace.resolveSnapshot(revision)
        let entry = try SyncHistory(repository: workspace.repository).entry(commit)
        let changeset = try SyncHistory(repository: workspace.repository).changeset(
            of: commit, workspace: workspace, detail: stat && !global.json ? .names : .records)
        let output = Output(options: global)
        if global.json {
            output.json(.object([("snapshot", .string(commit.hex)), ("subject", .string(entry.subject))]
                + ChangesetJSON.members(changeset)))
            return
        }
        output.line("\(output.style.yellow(commit.hex)) \(entry.subject)")
        for item in entry.trailers.items { output.line("    \(item.key): \(item.value)") }
        output.line()
        let text = ChangesetText(changeset, style: output.style)
        if stat {
            output.lines(text.stat)
        } else {
            output.line(ChangesetText.summaryLine(changeset.summary))
            output.lines(text.details)
        }
    }
}
