import ArgumentParser
import Snapshots

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what a push would do now.",
        discussion: """
            Compares the data files with the last remote snapshot of the remote (no remote snapshot yet: \
            everything is new), one summary line per record type, and says whether the data changed since \
            the last local snapshot. Writes no snapshot and moves no ref.

            Examples:
              cksync status
              cksync status --delete-orphans --json

            Exit codes: 0 ok; 2 bad configuration or data; 3 repository failure.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var invalidRecords: InvalidRecordsArguments

    @Flag(
        name: .customLong("delete-orphans"),
        help: "Describe a push with --delete-orphans: orphans count as deletions, not as kept.")
    var deleteOrphans = false

    func run() async throws {
        let workspace = try invalidRecords.applied(to: global.openWorkspace())
        let report = try workspace.status(remote: global.remote, detail: global.json ? .records : .counts)
        let output = Output(options: global)
        let summary = report.changeset.summary
        // What the push described applies: orphans count as deletions only with --delete-orphans.
        var applied = summary
        applied.deleted = deleteOrphans ? summary.deleted : 0
        let keptOrphans = summary.deleted - applied.deleted
        if global.json {
            output.json(
                JSONDocument.make(
                    [
                        ("remote", .string(report.remote)),
                        ("remoteSnapshot", report.remoteSnapshot.map { .string($0.hex) } ?? .null),
                        ("localSnapshot", report.localSnapshot.map { .string($0.hex) } ?? .null),
                        ("dataChangedSinceLocalSnapshot", .bool(report.dataChangedSinceLocalSnapshot)),
                        ("deletions", .bool(deleteOrphans)),
                        ("apply", ChangesetJSON.applyCounts(applied)),
                        ("keptOrphans", .int(keptOrphans)),
                    ] + ChangesetJSON.members(report.changeset)))
            return
        }
        if let remoteSnapshot = report.remoteSnapshot {
            output.line("Remote \(report.remote): last remote snapshot \(Output.short(remoteSnapshot))")
        } else {
            output.line("Remote \(report.remote): no remote snapshot yet, so every record is new")
        }
        output.line(
            (applied.hasChanges ? "A push\(deleteOrphans ? " --delete-orphans" : "") would apply: " : "Up to date: ")
                + PlanText.counts(applied) + "; " + ChangesetText.unchangedText(summary))
        if keptOrphans > 0 { output.line("  " + PlanText.keptOrphans(keptOrphans)) }
        output.lines(
            report.changeset.typeSummaries.map { type, counts in
                let orphans =
                    deleteOrphans
                    ? "\(counts.deleted) deleted" : "\(counts.deleted) orphan\(counts.deleted == 1 ? "" : "s") kept"
                return "  \(type): \(counts.new) new, \(counts.updated) updated, \(counts.unchanged) unchanged, "
                    + orphans
                    + ChangesetText.invalidText(counts)
            })
        output.lines(ChangesetText(report.changeset, style: output.style).invalidLines())
        switch (report.localSnapshot, report.dataChangedSinceLocalSnapshot) {
        case (nil, _):
            output.line("No local snapshot yet (cksync snapshot records one).")
        case (let local?, true):
            output.line("Data files changed since the last local snapshot \(Output.short(local)).")
        case (let local?, false):
            output.line("Data files match the last local snapshot \(Output.short(local)).")
        }
    }
}
