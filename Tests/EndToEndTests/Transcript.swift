import Foundation
import Testing

/// A golden transcript: commands run on the example and what they printed, compared with
/// `snapshots/<name>.txt`. Set `CKSYNC_UPDATE_SNAPSHOTS=1` to write the files anew, on purpose.
struct Transcript {
    let name: String
    let cli: CLI
    private(set) var text = ""
    /// A repository whose remote-snapshot commits are named `<remote-N>` in the transcript: they
    /// hold server change tags and timestamps, so their ids differ from run to run.
    let repository: String?

    init(_ name: String, cli: CLI, repository: String? = nil) {
        self.name = name
        self.cli = cli
        self.repository = repository
    }

    /// Runs `cksync <arguments>` and records the command, its output and its exit code.
    @discardableResult
    mutating func run(_ arguments: String) async throws -> CLI.Result {
        let result = try await cli.run(arguments)
        let ids = await remoteSnapshotIDs()
        text += "$ cksync \(arguments)\n"
        text += scrub(result.stdout, ids)
        text += scrub(result.stderr, ids)
        text += "[exit \(result.exitCode)]\n\n"
        return result
    }

    /// Records a step that is not a command, such as an edit of a data file.
    mutating func note(_ line: String) {
        text += "# \(line)\n\n"
    }

    private func scrub(_ output: String, _ ids: [String]) -> String {
        var scrubbed = output.replacingOccurrences(of: cli.work.path, with: "$WORK")
        scrubbed = Self.scrubKeys(scrubbed)
        for (index, id) in ids.enumerated() {
            scrubbed = scrubbed.replacingOccurrences(of: id, with: "<remote-\(index + 1)>")
                .replacingOccurrences(of: String(id.prefix(12)), with: "<remote-\(index + 1)>")
        }
        return scrubbed.isEmpty || scrubbed.hasSuffix("\n") ? scrubbed : scrubbed + "\n"
    }

    /// Keys are new every run: the base64 lines of a PEM block become `<key>`.
    static func scrubKeys(_ text: String) -> String {
        var inside = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.hasPrefix("-----BEGIN ") {
                inside = true
                return String(line) + "\n<key>"
            }
            if line.hasPrefix("-----END ") { inside = false }
            return inside ? nil : String(line)
        }.joined(separator: "\n")
    }

    /// Every commit of every remote snapshot ref, oldest first.
    private func remoteSnapshotIDs() async -> [String] {
        guard let repository,
            let list = try? await cli.git("--git-dir \(repository) rev-list --reverse --remotes"), list.exitCode == 0
        else { return [] }
        return list.stdout.split(separator: "\n").map(String.init)
    }

    /// Compares with the stored transcript, or stores it when asked to.
    func verify(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = CLI.repositoryRoot.appendingPathComponent("snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["CKSYNC_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let stored = try? String(contentsOf: file, encoding: .utf8)
        guard let stored else {
            Issue.record("snapshots/\(name).txt is missing: run with CKSYNC_UPDATE_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        if stored != text {
            let storedLines = stored.split(separator: "\n", omittingEmptySubsequences: false)
            let newLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(storedLines, newLines).enumerated().first { $0.element.0 != $0.element.1 }
            let line = firstDifference?.offset ?? min(storedLines.count, newLines.count)
            let expected = line < storedLines.count ? String(storedLines[line]) : "<end>"
            let actual = line < newLines.count ? String(newLines[line]) : "<end>"
            Issue.record(
                "snapshots/\(name).txt differs at line \(line + 1):\n  expected: \(expected)\n  actual:   \(actual)",
                sourceLocation: sourceLocation)
        }
    }
}
