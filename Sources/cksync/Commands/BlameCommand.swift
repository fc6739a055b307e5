import ArgumentParser
import Foundation
import GitStore
import Snapshots
import Sync

struct BlameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blame",
        abstract: "Show which sync set each field of a record as the remote holds it.",
        discussion: """
            For each field of TYPE/NAME in the last remote snapshot: the sync that last changed it (id, date, \
            author, kind) and the local snapshot the value came from (the one a push applied or a rollback \
            returned to; "-" for a value a fetch found on the server). Like `git blame` for one row.

            Examples:
              cksync blame Airport/EGLL
              cksync blame Place/louvre --remote production --json

            Exit codes: 0 ok; 2 the remote does not hold the record, bad option or configuration.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The record.", valueName: "type/name"))
    var record: String

    func run() async throws {
        let (type, name) = try RecordArgument.parse(record, option: "blame")
        let workspace = try global.openWorkspace()
        let remote = try workspace.remoteName(global.remote)
        let history = SyncHistory(repository: workspace.repository)
        let id = "\(type)/\(name)"
        let output = Output(options: global)
        let style = output.style
        switch try history.blame(remote: remote, type: type, name: name) {
        case .neverSynced:
            guard try history.hasSyncs(remote: remote) else { throw SnapshotError.noRemoteSnapshot(remote: remote) }
            throw ValidationError("\(id) is not on \(remote): no sync with \(remote) ever held it")
        case .deleted(let sync):
            throw ValidationError(
                "\(id) is not on \(remote): sync \(Output.short(sync.commit)) (\(sync.kind.rawValue), "
                    + "\(SyncEntryText.date(sync.time)), \(sync.author.name)) deleted it; "
                    + "`cksync log --record \(id)` shows its history")
        case .present(let current, let fields, let syncs):
            let head = try workspace.repository.reference(Refs.remote(remote))
            if global.json {
                // Each sync once, newest first; each field names its sync by id.
                output.json(
                    JSONDocument.make([
                        ("remote", .string(remote)), ("record", .string(id)),
                        ("remoteSnapshot", head.map { .string($0.hex) } ?? .null),
                        (
                            "fields",
                            .array(
                                fields.map { field, sync in
                                    .object([
                                        ("field", .string(field)),
                                        ("value", current.fields[field].map(ChangesetJSON.value) ?? .null),
                                        ("sync", .string(sync.commit.hex)),
                                    ])
                                })
                        ),
                        ("syncs", .array(syncs.map { SyncEntryText(entry: $0, style: style).json })),
                    ]))
                return
            }
            Pager.start(global)
            output.line("\(id) on \(remote), remote snapshot \(head.map(Output.short) ?? "none")")
            let authorWidth = SyncEntryText.authorWidth(syncs)
            let kindWidth = syncs.map(\.kind.rawValue.count).max() ?? 0
            output.lines(
                fields.map { field, sync in
                    let kind = sync.kind.rawValue.padding(toLength: kindWidth, withPad: " ", startingAt: 0)
                    let source = sync.target.map(Output.short) ?? "-".padding(toLength: 12, withPad: " ", startingAt: 0)
                    let value = current.fields[field]?.displayText ?? ""
                    return SyncEntryText(entry: sync, style: style).stamp(authorWidth: authorWidth)
                        + "  \(kind)  \(source)  \(field): \(value)"
                })
        }
    }
}
