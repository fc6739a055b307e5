import ArgumentParser
import Snapshots

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the changeset between the data, a remote snapshot, or any two snapshots.",
        discussion: """
            With no revision: the last remote snapshot against the data files. With one: that snapshot \
            against the data files. With two: the first snapshot against the second. A revision is an id, \
            a unique prefix, a ref (main, local/main) or main~N.

            Examples:
              cksync diff                       # the remote snapshot → the data files
              cksync diff --stat --type Airport
              cksync diff main~1 main --json
              cksync diff --show-tolerated      # also what the compare rules let pass
              cksync diff --plan plan.json

            Exit codes: 0 ok (with --exit-code: no differences); 1 differences (only with --exit-code); \
            2 bad revision, configuration or data; 3 repository failure.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var invalidRecords: InvalidRecordsArguments

    @Argument(help: ArgumentHelp("Zero, one or two snapshots to compare.", valueName: "rev"))
    var revisions: [String] = []

    @Flag(help: "One line per changed record and a total.")
    var stat = false

    @Flag(name: .customLong("name-status"), help: "A (new), M (updated) or D (deleted), then the record.")
    var nameStatus = false

    @Flag(name: .customLong("exit-code"), help: "Exit with 1 when there are differences, 0 when there are none.")
    var exitCode = false

    @Option(name: .customLong("type"), help: ArgumentHelp("Only this record type.", valueName: "type"))
    var recordType: String?

    @Flag(
        name: .customLong("show-tolerated"),
        help: "Also list the records that differ only within tolerance or in ignored fields, with their deltas.")
    var showTolerated = false

    @Option(help: ArgumentHelp("The changeset of a saved plan instead (as `cksync show <file>`).", valueName: "file"))
    var plan: String?

    func validate() throws {
        guard revisions.count <= 2 else { throw ValidationError("diff takes at most two revisions") }
        guard plan == nil || revisions.isEmpty else { throw ValidationError("--plan takes no revisions") }
        guard !(stat && nameStatus) else { throw ValidationError("--stat and --name-status exclude each other") }
    }

    func run() async throws {
        let workspace = try invalidRecords.applied(to: global.openWorkspace())
        if let plan {
            return try SavedPlanView(file: global.resolvePath(plan), global: global).print(
                stat: stat, nameStatus: nameStatus)
        }
        let sides: (Workspace.DiffSide, Workspace.DiffSide) =
            switch revisions.count {
            case 0: (.remoteSnapshot(global.remote), .data)
            case 1: (.revision(revisions[0]), .data)
            default: (.revision(revisions[0]), .revision(revisions[1]))
            }
        let detail: ChangesetBuilder.Detail = (stat || nameStatus) && !global.json && !showTolerated ? .names : .records
        var changeset = try workspace.diff(from: sides.0, to: sides.1, detail: detail, listTolerated: showTolerated)
        if let recordType {
            let known = Set(workspace.configuration.types.map(\.name)).union(changeset.types)
            guard known.contains(recordType) else {
                throw ValidationError(
                    "unknown record type \"\(recordType)\" (known: \(known.sorted().joined(separator: ", ")))")
            }
            changeset = changeset.filtered(type: recordType)
        }
        Pager.start(global)
        render(changeset, output: Output(options: global))
        if exitCode, changeset.summary.hasChanges { throw ExitStatus.differences }
    }

    private func render(_ changeset: Changeset, output: Output) {
        if global.json {
            output.json(ChangesetJSON.document(changeset))
            return
        }
        let text = ChangesetText(changeset, style: output.style, showsDeletedFields: global.verbose)
        if stat {
            output.lines(text.stat)
        } else if nameStatus {
            output.lines(text.nameStatus)
        } else {
            output.line(ChangesetText.summaryLine(changeset.summary))
            if !changeset.changes.isEmpty {
                output.line()
                output.lines(text.details)
            }
        }
        if showTolerated, !changeset.tolerated.isEmpty {
            output.line()
            output.lines(text.toleratedDetails)
        }
        let invalid = text.invalidLines()
        if !invalid.isEmpty {
            output.line()
            output.lines(invalid)
        }
    }
}
