import ArgumentParser
import Foundation
import Snapshots
import Sync

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the sync history of a remote, one line per sync.",
        discussion: """
            Reads the commits of refs/remotes/<remote>/main: each sync's id, date, author, kind (push, fetch, \
            prune-orphans, rollback), remote and what it did (a rollback names the snapshot it returned to). \
            Every push, prune-orphans and rollback that reached the remote is there, including one whose \
            operations all failed. With --record TYPE/NAME, the syncs that changed that record, each with its \
            field changes, like `git log -p -- PATH`.

            Dates for --since and --until: 2026-11-29 (the whole day, UTC), 2026-11-29T18:00:00Z, \
            @SECONDS, or "3 days ago". --author matches part of "Name <email>", ignoring case.

            Examples:
              cksync log -n 10
              cksync log --author alice --kind push,rollback --since "2 weeks ago"
              cksync log --record Airport/EGLL
              cksync log --format markdown >> "$GITHUB_STEP_SUMMARY"
              cksync log --json

            Exit codes: 0 ok; 2 bad option or configuration.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only syncs that changed this record, with its field changes.", valueName: "type/name"))
    var record: String?

    @Option(name: [.customShort("n"), .customLong("max-count")], help: "Show at most this many syncs.")
    var maxCount: Int?

    @Option(help: ArgumentHelp("Only syncs recorded at or after this date.", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only syncs recorded at or before this date.", valueName: "date"))
    var until: String?

    @Option(help: ArgumentHelp("Only syncs whose author matches (part of \"Name <email>\").", valueName: "text"))
    var author: String?

    @Option(
        parsing: .singleValue,
        help: ArgumentHelp(
            "Only syncs of this kind: push, fetch, prune-orphans, rollback (repeat or separate with commas).",
            valueName: "kind"))
    var kind: [String] = []

    @Option(help: ArgumentHelp("text (default) or markdown: tables for a pull request or a CI job summary."))
    var format: ReportFormat = .text

    func validate() throws {
        if let maxCount, maxCount < 0 { throw ValidationError("-n takes a count of 0 or more, not \(maxCount)") }
        _ = try filter()
        if global.json, format != .text {
            throw ValidationError("--json and --format \(format.rawValue) are two outputs; pick one")
        }
    }

    func run() async throws {
        let workspace = try global.openWorkspace()
        let remote = try workspace.remoteName(global.remote)
        let history = SyncHistory(repository: workspace.repository)
        let filter = try filter()
        let output = Output(options: global)
        let style = output.style
        if let record {
            let (type, name) = try RecordArgument.parse(record, option: "--record")
            let entries = try history.recordHistory(
                remote: remote, type: type, name: name, filter: filter, limit: maxCount)
            Pager.start(global)
            return try printRecordHistory(
                entries, record: "\(type)/\(name)", remote: remote, hasSyncs: history.hasSyncs(remote: remote),
                output: output)
        }
        let entries = try history.entries(remote: remote, filter: filter, limit: maxCount)
        Pager.start(global)
        if global.json {
            let syncs = entries.map { SyncEntryText(entry: $0, style: style).json }
            output.json(JSONDocument.make([("remote", .string(remote)), ("syncs", .array(syncs))]))
            return
        }
        switch format {
        case .markdown:
            output.lines(
                ["### Sync history of \(MarkdownTable.cell(remote))", ""]
                    + MarkdownTable(
                        header: SyncEntryText.markdownHeader + ["Result", "Target"],
                        rows: entries.map { entry in
                            SyncEntryText(entry: entry, style: style).markdownCells + [
                                MarkdownTable.cell(entry.outcome),
                                entry.target.map { MarkdownTable.code(Output.short($0)) } ?? "",
                            ]
                        }
                    ).lines)
        case .text:
            if entries.isEmpty {
                let filtered = filter.isEmpty ? "" : " matching these filters"
                output.line(
                    try history.hasSyncs(remote: remote)
                        ? "No syncs with \(remote)\(filtered)." : "No syncs with \(remote) yet.")
            }
            let width = SyncEntryText.authorWidth(entries)
            output.lines(entries.map { SyncEntryText(entry: $0, style: style).line(authorWidth: width) })
        }
    }

    private func printRecordHistory(
        _ entries: [RecordHistoryEntry], record: String, remote: String, hasSyncs: Bool, output: Output
    ) throws {
        let style = output.style
        if global.json {
            output.json(
                JSONDocument.make([
                    ("remote", .string(remote)), ("record", .string(record)),
                    (
                        "syncs",
                        .array(
                            entries.map { item in
                                .object(
                                    SyncEntryText(entry: item.sync, style: style).jsonMembers
                                        + [("change", ChangesetJSON.change(item.change))])
                            })
                    ),
                ]))
            return
        }
        if entries.isEmpty {
            output.line(hasSyncs ? "No sync with \(remote) changed \(record)." : "No syncs with \(remote) yet.")
            return
        }
        switch format {
        case .markdown:
            let rows = entries.flatMap { item in
                let sync = SyncEntryText(entry: item.sync, style: style).markdownCells
                return ChangesetMarkdown.rows(of: [item.change]).map { sync + $0 }
            }
            output.lines(
                ["### History of \(MarkdownTable.code(record)) on \(MarkdownTable.cell(remote))", ""]
                    + MarkdownTable(header: SyncEntryText.markdownHeader + ChangesetMarkdown.changeHeader, rows: rows)
                    .lines)
        case .text:
            let width = SyncEntryText.authorWidth(entries.map(\.sync))
            var lines: [String] = []
            for item in entries {
                if !lines.isEmpty { lines.append("") }
                lines.append(SyncEntryText(entry: item.sync, style: style).line(authorWidth: width))
                lines +=
                    ChangesetText(
                        Changeset(changes: [item.change], summaryByType: [:]), style: style,
                        showsDeletedFields: true
                    ).details
            }
            output.lines(lines)
        }
    }

    private func filter() throws -> SyncFilter {
        var filter = SyncFilter(author: author)
        if let since {
            guard let time = HistoryDate.parse(since, endOfDay: false) else { throw Self.badDate("--since", since) }
            filter.since = time
        }
        if let until {
            guard let time = HistoryDate.parse(until, endOfDay: true) else { throw Self.badDate("--until", until) }
            filter.until = time
        }
        for name in kind.flatMap({ $0.split(separator: ",") }) {
            guard let kind = SyncKind(rawValue: name.trimmingCharacters(in: .whitespaces)), kind != .snapshot else {
                throw ValidationError("--kind \(name): not a kind of sync; use push, fetch, prune-orphans or rollback")
            }
            filter.kinds.insert(kind)
        }
        return filter
    }

    private static func badDate(_ option: String, _ text: String) -> ValidationError {
        ValidationError(
            "\(option) \(text): not a date; use 2026-11-29, 2026-11-29T18:00:00Z, @SECONDS or \"3 days ago\"")
    }
}
