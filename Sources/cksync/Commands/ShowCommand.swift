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
            remote, after a header naming its author, date, kind, remote, target snapshot and failures; a \
            local one what that snapshot changed. Default: the last remote snapshot of the remote. A file \
            written by `--dry-run --out FILE` shows that saved plan instead. With -v, deleted records show the \
            fields they had and the header every trailer of the commit. --format markdown writes the header \
            and the changeset as Markdown tables, for a pull-request comment or a CI job summary.

            Examples:
              cksync show                  # what the last sync did
              cksync show local/main~2 --stat
              cksync show plan.json --json
              cksync show --format markdown >> "$GITHUB_STEP_SUMMARY"

            Exit codes: 0 ok; 2 unknown revision or not a plan file; 4 a plan whose snapshots are gone.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The snapshot (default: <remote>/main), or a saved plan file.", valueName: "rev"))
    var revision: String?

    @Flag(help: "One line per changed record and a total.")
    var stat = false

    @Option(help: ArgumentHelp("text (default) or markdown: tables for a pull request or a CI job summary."))
    var format: ReportFormat = .text

    func validate() throws {
        if global.json, format != .text {
            throw ValidationError("--json and --format \(format.rawValue) are two outputs; pick one")
        }
        if stat, format != .text {
            throw ValidationError("--stat is a text format; leave it out with --format \(format.rawValue)")
        }
    }

    func run() async throws {
        if let path = revision.map(global.resolvePath), Self.isFile(path) {
            guard format == .text else {
                throw ValidationError("--format \(format.rawValue) shows a sync, not a saved plan")
            }
            return try SavedPlanView(file: path, global: global).print(stat: stat)
        }
        let workspace = try global.openWorkspace()
        let revision = try revision ?? "refs/remotes/\(workspace.remoteName(global.remote))/main"
        let commit = try workspace.resolveSnapshot(revision)
        let history = SyncHistory(repository: workspace.repository)
        let entry = try history.entry(commit)
        let changeset = try history.changeset(
            of: commit, workspace: workspace, detail: stat && !global.json ? .names : .records)
        Pager.start(global)
        let output = Output(options: global)
        let text = SyncEntryText(entry: entry, style: output.style)
        if global.json {
            output.json(JSONDocument.make(text.jsonMembers + ChangesetJSON.members(changeset)))
            return
        }
        switch format {
        case .markdown:
            var lines = ["### " + MarkdownTable.cell(text.summary), ""]
            lines +=
                MarkdownTable(
                    header: SyncEntryText.markdownHeader + ["Target", "Failed"],
                    rows: [
                        text.markdownCells + [
                            entry.target.map { MarkdownTable.code(Output.short($0)) } ?? "",
                            entry.kind == .fetch || entry.kind == .snapshot
                                ? "" : "\(entry.count(SyncTrailers.failed))",
                        ]
                    ]
                ).lines
            if !entry.failures.isEmpty {
                lines += ["", "Failures:", ""] + entry.failures.map { "- " + MarkdownTable.cell($0) }
            }
            lines += [""] + ChangesetMarkdown(changeset).lines
            output.lines(lines)
        case .text:
            output.lines(text.header(verbose: global.verbose))
            output.line()
            let changes = ChangesetText(changeset, style: output.style, showsDeletedFields: global.verbose)
            if stat {
                output.lines(changes.stat)
            } else {
                output.line(ChangesetText.summaryLine(changeset.summary))
                output.lines(changes.details)
            }
        }
    }

    /// Whether a REV argument names a file (a saved plan) rather than a revision; a directory
    /// named like a ref stays a revision.
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
