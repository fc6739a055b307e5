import ArgumentParser
import Snapshots
import Sync

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Read what the remote holds and commit it as the remote snapshot.",
        discussion: """
            Queries every configured record type, following continuation markers, and reports drift: what \
            changed on the server since cksync last looked. An asset file the server holds under a checksum \
            cksync has not seen for that record and field is drift, shown by the server's checksum; with \
            --assets its bytes are downloaded into the repository, so that diff shows it by content (an \
            identical file is then no drift at all).

            Examples:
              cksync fetch
              cksync fetch --assets
              cksync fetch --remote production --json

            Exit codes: 0 ok; 2 bad configuration or locked; 3 remote failure.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var lock: LockArguments

    @Flag(name: .customLong("assets"), help: "Download the asset files the server holds that cksync has not seen.")
    var downloadAssets = false

    func run() async throws {
        let session = try SyncSession(global: global, command: "fetch", lock: lock)
        let result = try await session.syncer.fetch(downloadingAssets: downloadAssets)
        let output = session.output
        defer { GarbageCollection.afterSync(session.workspace, packsAtStart: session.packsAtStart, output: output) }
        if global.json {
            output.json(
                JSONDocument.make(
                    [
                        ("remote", .string(session.remoteName)),
                        ("remoteSnapshot", .string(result.remoteSnapshot.hex)),
                        ("records", .int(result.records)),
                        ("drift", result.drift.map { .object(ChangesetJSON.members($0)) } ?? .null),
                        ("assetsDownloaded", .int(result.assetsDownloaded)),
                    ]))
            return
        }
        output.line(
            "Fetched \(session.remoteName): \(result.records) records; remote snapshot \(Output.short(result.remoteSnapshot))"
        )
        if result.assetsDownloaded > 0 {
            output.line("Downloaded \(result.assetsDownloaded) asset files cksync had not seen.")
        }
        guard let drift = result.drift else {
            output.line("First fetch: no earlier remote snapshot to compare with.")
            return
        }
        if drift.summary.hasChanges {
            output.line("Drift since the last remote snapshot: " + ChangesetText.summaryLine(drift.summary))
            output.lines(ChangesetText(drift, style: output.style).details)
        } else {
            output.line("No drift: the remote holds what cksync last saw.")
        }
    }
}
