import Foundation
import Testing

/// The review before applying, and the pager, on a pseudo-terminal.
@Suite("Review on a terminal")
struct PromptTests {
    @Test func thePromptListsEveryRecordAndEveryDeletionByName() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        try await cli.run("-C example push --yes")
        try GoldenTranscriptTests.editExample(example)
        let airports = example.appendingPathComponent("data/airports.csv")
        for icao in ["EGKK", "KSFO"] {
            let line = try #require(
                try String(contentsOf: airports, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix(icao + ",") })
            try airports.edit(replacing: line + "\n", with: "")
        }

        let declined = try await Terminal.run("-C example push --delete-orphans", in: cli, input: "n\n")
        #expect(declined.exitCode == 0)
        for deleted in ["deleted Airport/EGKK", "deleted Airport/KSFO", "deleted Airport/NZAA"] {
            #expect(declined.output.contains(deleted), "\(declined.output)")
        }
        #expect(declined.output.contains("Push to local: 1 new, 3 updated, 3 deleted"), "\(declined.output)")
        #expect(declined.output.contains("elevation: 83 → 85"), "\(declined.output)")
        #expect(declined.output.contains("tags: 1 added"), "\(declined.output)")
        #expect(declined.output.contains("+ \"fashion\""), "\(declined.output)")
        #expect(declined.output.contains("Apply these changes to local? [y/N]"))
        #expect(declined.output.contains("Nothing applied."))

        let limited = try await Terminal.run(
            "-C example push --delete-orphans --review-limit 1", in: cli, input: "y\n")
        #expect(limited.exitCode == 0, "\(limited.output)")
        #expect(limited.output.contains("… and 3 more new or updated records (over --review-limit 1)"), "\(limited.output)")
        for deleted in ["deleted Airport/EGKK", "deleted Airport/KSFO", "deleted Airport/NZAA"] {
            #expect(limited.output.contains(deleted), "deletions are listed past the limit: \(limited.output)")
        }
        #expect(limited.output.contains("Pushed to local: 1 new, 3 updated, 3 deleted"), "\(limited.output)")
    }

    @Test func longOutputGoesThroughThePagerOnlyOnATerminal() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.copyExample()
        let pager = ["CKSYNC_PAGER": "sed s/^/paged:/", "PAGER": "false"]
        let paged = try await Terminal.run("-C example diff --stat", in: cli, environment: pager)
        #expect(paged.exitCode == 0)
        #expect(paged.output.contains("paged: 67 records changed"), "\(paged.output)")

        let notPaged = try await Terminal.run("-C example diff --stat --no-pager", in: cli, environment: pager)
        #expect(!notPaged.output.contains("paged:"), "\(notPaged.output)")
        #expect(notPaged.output.contains(" 67 records changed"))

        let piped = try await cli.run("-C example diff --stat")
        #expect(!piped.stdout.contains("paged:"))
    }
}
