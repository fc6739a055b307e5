import Testing

/// Every command answers `--help` and `help <command>` with its usage and exit 0.
@Suite("Help")
struct HelpTests {
    static let commands = [
        "init", "snapshot", "status", "diff", "push", "fetch", "prune-orphans", "log", "show", "rollback", "serve", "key",
    ]

    @Test(arguments: commands)
    func helpOfEveryCommand(command: String) async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for arguments in ["\(command) --help", "help \(command)"] {
            let result = try await cli.run(arguments)
            #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("USAGE: cksync \(command)"), "\(arguments): \(result.stdout)")
            #expect(result.stderr.isEmpty)
        }
    }

    @Test func versionAndTopLevelHelp() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try await cli.run("--version").stdout == "0.1.0\n")
        let help = try await cli.run("--help")
        #expect(help.exitCode == 0)
        for command in Self.commands { #expect(help.stdout.contains(command)) }
        #expect(help.stdout.contains("Exit codes"))
    }
}
