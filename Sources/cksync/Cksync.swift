import ArgumentParser
import Foundation
import Logging
import Snapshots

@main
struct Cksync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cksync",
        abstract: "Keep data files in step with a CloudKit database, the way git keeps a working tree.",
        discussion: """
            Every sync commits a normalized snapshot of the records to .cksync/repo, a plain bare git \
            repository, and computes the changeset against the last known state of the remote.

            Exit codes: 0 ok; 1 differences (only with --exit-code); 2 usage or input error; \
            3 remote, repository or partial failure; 4 stopped on a conflict.
            """,
        version: CksyncVersion.current,
        subcommands: [
            InitCommand.self, SnapshotCommand.self, StatusCommand.self, DiffCommand.self, PushCommand.self,
            FetchCommand.self, PruneOrphansCommand.self, LogCommand.self, ShowCommand.self, RollbackCommand.self,
            KeyCommand.self,
            ServeCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// Parses, runs, and exits with design.md's codes: usage errors are 2, not argument-parser's 64.
    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.inputError.rawValue)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
        } catch {
            // argument-parser's own help command reports through an error that means success.
            if exitCode(for: error) == .success { exit(withError: error) }
            let code = ExitStatus.code(for: error)
            if !(error is ExitCode) {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
