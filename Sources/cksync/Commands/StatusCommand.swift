import ArgumentParser
import Snapshots

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what a push would do now.",
        discussion: """
            Compares the data files with the last remote snapshot of the remote (no remote snapshot yet: \
            everything is new), one summary line per record type, and says whether the data changed since \
            the last local snapshot. Writes no snapshot and moves no ref. \
            Exit codes: 0 ok; 2 bad configuration or data; 3 repository failure.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let workspace = try global.openWorkspace()
        let report = try workspace.status(remote: global.remote, detail: global.json ? .records : .counts)
        let output = Output(options: global)
        if global.json {
            output.json(
                .object(
                    [
                        ("remote", .string(report.remote)),
                        ("remoteSnapshot", report.remoteSnapshot.map { .string($0.hex) } ?? .null),
                        ("localSnapshot", report.localSnapshot.map { .string($0.hex) } ?? .null),
                        ("dataChangedSinceLocalSnapshot", .bool(report.dataChangedSinceLocalSnapshot)),
                    ] + ChangesetJSON.members(report.changeset)))
            return
        }
        if let remoteSnapshot = report.remoteSnapshot {
            output.line("Remote \(report.remote): last remote snapshot \(Output.short(remoteSnapshot))")
        } else {
            output.line("Remote \(report.remote): no remote snapshot yet, so every record is new")
        }
        let summary = report.changeset.summary
        let verdict = summary.hasChanges ? "A push would apply" : "Up to date"
        output.line("\(verdict): " + ChangesetText.summaryLine(summary))
        output.lines(ChangesetText(report.changeset).typeLines.map { "  " + $0 })
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
