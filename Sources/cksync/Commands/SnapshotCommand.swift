import ArgumentParser
import Snapshots

struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Commit the data files as a local snapshot on refs/heads/main.",
        discussion: """
            Reads and normalizes every source, commits the snapshot (nothing when the data is unchanged), \
            prints its id and the changeset against the previous local snapshot.

            Examples:
              cksync snapshot
              cksync snapshot --verbose --json

            Exit codes: 0 ok; 2 bad configuration or data (nothing is written); 3 repository failure.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var invalidRecords: InvalidRecordsArguments

    func run() async throws {
        let workspace = try invalidRecords.applied(to: global.openWorkspace())
        let output = Output(options: global)
        try IdentityHint.check(workspace, output: output)
        let result = try workspace.snapshot(detail: global.json || global.verbose ? .records : .counts)
        if global.json {
            output.json(
                JSONDocument.make(
                    [
                        ("snapshot", result.commit.map { .string($0.hex) } ?? .null),
                        ("parent", result.parent.map { .string($0.hex) } ?? .null),
                    ] + ChangesetJSON.members(result.changeset)))
            return
        }
        let text = ChangesetText(result.changeset, style: output.style)
        if let commit = result.commit {
            output.line("[main \(Output.short(commit))] " + ChangesetText.summaryLine(result.changeset.summary))
            output.lines(text.typeLines.map { "  " + $0 })
            if global.verbose { output.lines(text.details) }
        } else {
            let parent = result.parent.map { " \(Output.short($0))" } ?? ""
            output.line("nothing to snapshot: the data matches snapshot\(parent)")
        }
        output.lines(text.invalidLines())
    }
}
