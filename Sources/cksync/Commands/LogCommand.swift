import ArgumentParser
import Foundation
import Snapshots
import Sync

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the sync history of a remote, one line per sync.",
        discussion: """
            Reads the commits of refs/remotes/<remote>/main and their trailers. With --record TYPE/NAME, only \
            the syncs that changed that record.

            Examples:
              cksync log -n 10
              cksync log --record Airport/EGLL
              cksync log --json

            Exit codes: 0 ok; 2 bad option or configuration.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only syncs that changed this record.", valueName: "type/name"))
    var record: String?

    @Option(name: [.customShort("n"), .customLong("max-count")], help: "Show at most this many syncs.")
    var maxCount: Int?

    func run() async throws {
        let workspace = try global.openWorkspace()
        let remote = try workspace.remoteName(global.remote)
        let history = SyncHistory(repository: workspace.repository)
        var entries: [SyncEntry]
        if let record {
            guard let slash = record.firstIndex(of: "/") else {
                throw ValidationError("--record takes TYPE/NAME, such as Airport/EGLL")
            }
            entries = try history.entries(
                remote: remote, recordType: String(record[..<slash]), recordName: String(record[record.index(after: slash)...]))
        } else {
            entries = try history.entries(remote: remote, limit: maxCount)
        }
        if let maxCount { entries = Array(entries.prefix(maxCount)) }
        Pager.start(global)
        let output = Output(options: global)
        if global.json {
            output.json(JSONDocument.make([("remote", .string(remote)), ("syncs", .array(entries.map(Self.json)))]))
            return
        }
        if entries.isEmpty { output.line("No syncs with \(remote) yet.") }
        for entry in entries {
            output.line("\(output.style.yellow(Output.short(entry.commit))) \(Self.date(entry.time)) \(entry.subject)")
        }
    }

    static func json(_ entry: SyncEntry) -> JSONValue {
        .object([
            ("snapshot", .string(entry.commit.hex)),
            ("time", .string(date(entry.time))),
            ("subject", .string(entry.subject)),
            ("trailers", .object(entry.trailers.items.map { ($0.key, trailerValue($0.key, $0.value)) })),
        ])
    }

    /// A trailer's value; those that hold a count are numbers.
    static func trailerValue(_ key: String, _ value: String) -> JSONValue {
        let counts = [Trailers.new, Trailers.updated, Trailers.deleted, SyncTrailers.failed, SyncTrailers.records]
        guard counts.contains(key), let count = Int(value) else { return .string(value) }
        return .int(count)
    }

    static func date(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
