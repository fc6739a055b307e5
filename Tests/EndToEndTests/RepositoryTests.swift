import Foundation
import Testing

/// The snapshot repository is a plain git repository that git itself reads and checks.
@Suite("Snapshot repository")
struct RepositoryTests {
    @Test func gitReadsAndChecksTheRepository() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        #expect(try await cli.run("-C example snapshot").exitCode == 0)
        try GoldenTranscriptTests.editExample(example)
        #expect(try await cli.run("-C example snapshot").exitCode == 0)

        let fsck = try await cli.git("--git-dir example/.cksync/repo fsck --strict --no-dangling")
        #expect(fsck.exitCode == 0, "\(fsck.stdout)\(fsck.stderr)")
        #expect(fsck.stderr.isEmpty && fsck.stdout.isEmpty, "\(fsck.stdout)\(fsck.stderr)")

        let log = try await cli.git("--git-dir example/.cksync/repo log -p")
        #expect(log.exitCode == 0)
        #expect(log.stdout.contains("Cksync-Version: "))
        #expect(log.stdout.contains("-    \"elevation\": {\"type\": \"INT64\", \"value\": 83},"))
        #expect(log.stdout.contains("+    \"elevation\": {\"type\": \"INT64\", \"value\": 85},"))

        let trailers = try await cli.git("--git-dir example/.cksync/repo log -1 --format=%(trailers:key=Cksync-Updated,valueonly)")
        #expect(trailers.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")

        let files = try await cli.git("--git-dir example/.cksync/repo ls-tree -r --name-only main")
        let paths = files.stdout.split(separator: "\n")
        #expect(paths.count == 36 + 31)
        #expect(paths.allSatisfy { $0.hasPrefix("records/Airport/") || $0.hasPrefix("records/Place/") })
        #expect(paths.contains { $0.hasSuffix("/EGLL.json") })
    }

    @Test func statusUsesTheStatCacheAndSeesEdits() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        #expect(try await cli.run("-C example snapshot").exitCode == 0)
        let clean = try await cli.run("-C example status --json")
        #expect(clean.stdout.contains("\"dataChangedSinceLocalSnapshot\": false"))
        // Same size, new content: the stat cache must notice through mtime.
        try example.appendingPathComponent("data/airports.csv").edit(replacing: ",83,", with: ",84,")
        let edited = try await cli.run("-C example status --json")
        #expect(edited.stdout.contains("\"dataChangedSinceLocalSnapshot\": true"))
    }
}
