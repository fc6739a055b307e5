import Foundation
import Testing

/// Issue 14 (4): every long step says what it does on a terminal (util-linux `script` gives the
/// command one), one self-rewriting line on stderr; nothing when piped or with `--quiet`.
@Suite struct ProgressTests {
    static func onTerminal(_ arguments: String, in cli: CLI) async throws -> CLI.Result {
        let tool = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: tool.path), "util-linux script is needed")
        return try await CLI.execute(
            tool, ["--quiet", "--return", "--command", "\(CLI.binary.path) \(arguments)", "/dev/null"], in: cli.work)
    }

    @Test func eachStepOfAPushAndAGCIsShownOnATerminal() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.copyExample()
        let push = try await Self.onTerminal("-C example push --yes", in: cli)
        #expect(push.exitCode == 0, "\(push.stdout)")
        for step in [
            "\rReading data/airports.csv", "\rWriting the snapshot of Airport…", "\rReading data/places.json",
            "\rFetching Airport from local…", "\rComparing with the remote snapshot…", "\rApplying: 67/67 records",
            "\rRecording the remote snapshot…",
        ] {
            #expect(push.stdout.contains(step), "\(step.debugDescription) in \(push.stdout.debugDescription)")
        }
        // The line is erased before the results are printed.
        #expect(push.stdout.contains("\r\u{1B}[KPushed to local: 67 new"), "\(push.stdout.debugDescription)")

        let gc = try await Self.onTerminal("-C example gc", in: cli)
        #expect(gc.stdout.contains("\rPacking the snapshot repository: "), "\(gc.stdout.debugDescription)")

        let quiet = try await Self.onTerminal("-C example status --quiet", in: cli)
        #expect(!quiet.stdout.contains("Reading"), "\(quiet.stdout.debugDescription)")
        try cli.work.appendingPathComponent("example/data/airports.csv").edit(
            replacing: "-0.461941,83,", with: "-0.461941,84,")
        let piped = try await cli.run("-C example push --yes")
        #expect(piped.exitCode == 0)
        #expect(!piped.stderr.contains("\r") && !piped.stdout.contains("\r"), "\(piped.stderr.debugDescription)")
    }
}
