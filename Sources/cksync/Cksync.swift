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
            ApplyCommand.self, FetchCommand.self, PruneOrphansCommand.self, LogCommand.self, ShowCommand.self,
            BlameCommand.self, GCCommand.self, RollbackCommand.self, SchemaCommand.self, KeyCommand.self,
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
            let suggestion = CommandSuggestion.forArguments(Array(CommandLine.arguments.dropFirst()))
            let text = [fullMessage(for: error), suggestion].compactMap { $0 }.joined(separator: "\n")
            // The document carries the message alone, without the usage lines.
            let brief = [message(for: error), suggestion].compactMap { $0 }.joined(separator: " ")
            fail(message: text, code: ExitStatus.inputError, documentMessage: brief)
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
            // An ExitCode is a verdict the command has already printed (differences, failures).
            guard error is ExitCode else { fail(message: "error: \(error)", code: code) }
            Foundation.exit(code.rawValue)
        }
    }

    /// Prints an error on stderr and, with `--json`, as a document on stdout
    /// (docs/json/error.schema.json), then exits with `code`.
    private static func fail(message: String, code: ExitCode, documentMessage: String? = nil) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        let arguments = CommandLine.arguments.dropFirst().prefix { $0 != "--" }
        if arguments.contains("--json") {
            let text = documentMessage ?? String(message.dropFirst(message.hasPrefix("error: ") ? 7 : 0))
            let document = JSONDocument.make([
                ("error", .object([("message", .string(text)), ("exitCode", .int(Int(code.rawValue)))]))
            ])
            FileHandle.standardOutput.write(Data(document.text.utf8))
        }
        Foundation.exit(code.rawValue)
    }
}
