import Foundation
import GitStore
import Records
import Snapshots
import Sync

/// The renderings of one sync (or local snapshot) that `log`, `log --record`, `blame` and `show`
/// share: its one-line summary, its header, its JSON, its Markdown cells.
struct SyncEntryText {
    let entry: SyncEntry
    let style: TextStyle

    /// `<kind> <remote>[ to <target>]: <outcome>`, e.g. `rollback local to ae98a4213efb: 1 new, …`.
    var summary: String {
        guard let remote = entry.remote else { return entry.subject }
        let target = entry.kind == .rollback ? entry.target.map { " to " + Output.short($0) } ?? "" : ""
        return "\(entry.kind.rawValue) \(remote)\(target): \(entry.outcome)"
    }

    /// `log`'s line: the stamp, then the summary.
    func line(authorWidth: Int) -> String {
        stamp(authorWidth: authorWidth) + "  " + summary
    }

    /// What begins `log`'s and `blame`'s lines: id, date, author (padded to `authorWidth`).
    func stamp(authorWidth: Int) -> String {
        let author = entry.author.name.padding(
            toLength: max(authorWidth, entry.author.name.count), withPad: " ", startingAt: 0)
        return "\(style.yellow(Output.short(entry.commit))) \(Self.date(entry.time)) \(author)"
    }

    /// The author column's width for these syncs: the longest name, up to 24 characters.
    static func authorWidth(_ entries: some Sequence<SyncEntry>) -> Int {
        min(entries.map(\.author.name.count).max() ?? 0, 24)
    }

    /// `show`'s header, as `git show` starts: what the commit is, who, when, and what the sync did.
    /// `verbose` lists every failure the commit names (else the first 10) and every trailer.
    func header(verbose: Bool) -> [String] {
        var lines = [style.yellow("\(entry.kind == .snapshot ? "snapshot" : "sync") \(entry.commit.hex)")]
        lines.append("Author: \(entry.author.name) <\(entry.author.email)>")
        lines.append("Date:   \(Self.date(entry.time))")
        if let remote = entry.remote {
            lines.append("Kind:   \(entry.kind.rawValue)")
            let identity = entry.trailers[SyncTrailers.remote].map { " (\($0))" } ?? ""
            lines.append("Remote: \(remote)\(identity)")
            if let target = entry.target {
                let role = entry.kind == .rollback ? "the snapshot rolled back to" : "the local snapshot pushed"
                lines.append("Target: \(Output.short(target)) (\(role))")
            }
            if entry.kind != .fetch {
                lines.append("Failed: \(entry.count(SyncTrailers.failed))")
                lines += listing(entry.failures, of: entry.count(SyncTrailers.failed), verbose: verbose)
            }
        }
        let invalid = entry.trailers.items.filter { $0.key == Trailers.invalidRecord }.map(\.value)
        if entry.kind == .snapshot, !invalid.isEmpty {
            lines.append("Invalid: \(entry.count(Trailers.invalid)) records skipped (invalid-records = \"skip\")")
            lines += listing(invalid, of: entry.count(Trailers.invalid), verbose: verbose)
        }
        lines += ["", "    " + entry.subject]
        if verbose {
            lines.append("")
            lines += entry.trailers.items.map { "    \($0.key): \($0.value)" }
        }
        return lines
    }

    /// The first 10 of the problems a commit names (all with `verbose`), one a line, and how many
    /// more there were of `total` when some are left out.
    private func listing(_ problems: [String], of total: Int, verbose: Bool) -> [String] {
        let shown = problems.prefix(verbose ? problems.count : 10)
        var lines = shown.map { "  " + style.red($0) }
        if total > shown.count, !shown.isEmpty { lines.append("  … and \(total - shown.count) more") }
        return lines
    }

    /// The entry's members in `log --json`, `show --json` and `blame --json`.
    var json: JSONValue { .object(jsonMembers) }

    var jsonMembers: [(String, JSONValue)] {
        [
            ("snapshot", .string(entry.commit.hex)),
            ("time", .string(Self.date(entry.time))),
            ("author", .object([("name", .string(entry.author.name)), ("email", .string(entry.author.email))])),
            ("kind", .string(entry.kind.rawValue)),
            ("remote", entry.remote.map { .string($0) } ?? .null),
            (
                "counts",
                .object(
                    [Trailers.new, Trailers.updated, Trailers.deleted, SyncTrailers.skipped, SyncTrailers.failed]
                        .map { (Self.countName($0), .int(entry.count($0))) }
                        + [("records", entry.records.map { .int($0) } ?? .null)])
            ),
            ("target", entry.target.map { .string($0.hex) } ?? .null),
            ("failures", .array(entry.failures.map { .string($0) })),
            ("subject", .string(entry.subject)),
            ("trailers", Self.trailersJSON(entry.trailers)),
        ]
    }

    /// `Cksync-New` → `new`.
    private static func countName(_ trailer: String) -> String {
        trailer.dropFirst("Cksync-".count).lowercased()
    }

    /// The trailers as one object, in order: a trailer that may repeat (`Cksync-Failure`,
    /// `Cksync-Invalid-Record`) is an array of its values, any other keeps its last value.
    private static func trailersJSON(_ trailers: Trailers) -> JSONValue {
        let repeatable: Set = [SyncTrailers.failure, Trailers.invalidRecord]
        var keys: [String] = []
        var values: [String: [String]] = [:]
        for (key, value) in trailers.items {
            if values[key] == nil { keys.append(key) }
            values[key, default: []].append(value)
        }
        return .object(
            keys.map { key in
                let all = values[key] ?? []
                if repeatable.contains(key) { return (key, .array(all.map { .string($0) })) }
                return (key, trailerValue(key, all.last ?? ""))
            })
    }

    /// A trailer's value; those that hold a count are numbers.
    private static func trailerValue(_ key: String, _ value: String) -> JSONValue {
        let counts = [
            Trailers.new, Trailers.updated, Trailers.deleted, SyncTrailers.skipped, SyncTrailers.failed,
            SyncTrailers.records, SyncTrailers.recovered, Trailers.invalid,
        ]
        guard counts.contains(key), let count = Int(value) else { return .string(value) }
        return .int(count)
    }

    /// The columns of `log --format markdown` and the first ones of the other Markdown tables.
    static let markdownHeader = ["Sync", "Date", "Author", "Kind", "Remote"]

    var markdownCells: [String] {
        [
            MarkdownTable.code(Output.short(entry.commit)), Self.date(entry.time),
            MarkdownTable.cell(entry.author.name),
            entry.kind.rawValue, entry.remote.map(MarkdownTable.cell) ?? "",
        ]
    }

    /// `2026-11-29T18:32:37Z`, the time in UTC as ISO 8601 writes it.
    static func date(_ seconds: Int64) -> String {
        CivilDate.iso8601(milliseconds: seconds * 1000, showsMilliseconds: false)
    }
}
