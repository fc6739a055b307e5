import Foundation
import Testing

/// Saved plans: made with `--dry-run --out`, applied exactly by `cksync apply`, refused when stale.
@Suite("Saved plans")
struct PlanTests {
    /// The records the local remote holds, by `Type/name`, as a fresh fetch from another
    /// workspace reads them: an independent look at the server.
    static func remoteRecords(_ cli: CLI, sqlite: String) async throws -> Set<String> {
        let reader = try cli.copyExample(as: "reader-\(UUID().uuidString)")
        try reader.appendingPathComponent("cksync.toml").edit(
            replacing: "path = \".cksync/local.sqlite\"", with: "path = \"\(sqlite)\"")
        let fetch = try await cli.run("-C \(reader.lastPathComponent) fetch")
        #expect(fetch.exitCode == 0, "\(fetch.stderr)")
        // The first fetch has no parent: showing it lists every record it found as new.
        let show = try await cli.run("-C \(reader.lastPathComponent) show local/main --json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let changes = try #require(document["changes"] as? [[String: Any]])
        return Set(changes.map { "\($0["recordType"]!)/\($0["recordName"]!)" })
    }

    /// The example pushed, then edited, then planned into `example/plan.json` (not applied).
    static func plannedExample(_ cli: CLI, sourceLocation: SourceLocation = #_sourceLocation) async throws -> URL {
        let example = try cli.copyExample()
        try await cli.run("-C example push --yes")
        try GoldenTranscriptTests.editExample(example)
        let plan = try await cli.run("-C example push --dry-run --out plan.json")
        #expect(plan.exitCode == 0, "\(plan.stderr)", sourceLocation: sourceLocation)
        #expect(plan.stdout.contains("Plan saved to plan.json"), sourceLocation: sourceLocation)
        return example
    }

    @Test func applyPushesThePlannedSnapshotNotALaterEdit() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try await Self.plannedExample(cli)

        // An edit after the plan is not part of it.
        try example.appendingPathComponent("data/airports.csv").append(
            "LIPZ,VCE,Venice Marco Polo Airport,Venice,IT,45.5053,12.3519,7,Europe/Rome,Tessera,2\n")
        let apply = try await cli.run("-C example apply plan.json --yes")
        #expect(apply.exitCode == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("Applied plan.json to local: 1 new, 3 updated, 0 deleted"), "\(apply.stdout)")

        let held = try await Self.remoteRecords(cli, sqlite: example.path + "/.cksync/local.sqlite")
        #expect(held.contains("Airport/LKPR"))
        #expect(!held.contains("Airport/LIPZ"))
        #expect(held.contains("Airport/NZAA"), "the plan kept orphans: NZAA stays")

        let status = try await cli.run("-C example status")
        #expect(status.stdout.contains("A push would apply: 1 new, 0 updated, 0 deleted"), "\(status.stdout)")
        #expect(status.stdout.contains("1 orphan on the remote kept"), "\(status.stdout)")
    }

    @Test func aPlanMadeBeforeAnotherWorkspacePushedIsRefused() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let shared = cli.work.appendingPathComponent("shared.sqlite").path
        let mine = try cli.copyExample(as: "mine")
        let theirs = try cli.copyExample(as: "theirs")
        for workspace in [mine, theirs] {
            try workspace.appendingPathComponent("cksync.toml").edit(
                replacing: "path = \".cksync/local.sqlite\"", with: "path = \"\(shared)\"")
        }
        try await cli.run("-C mine push --yes")
        try GoldenTranscriptTests.editExample(mine)
        #expect(try await cli.run("-C mine push --dry-run --delete-orphans --out plan.json").exitCode == 0)

        try await cli.run("-C theirs fetch")
        try theirs.appendingPathComponent("data/airports.csv").edit(
            replacing: "EGKK,LGW,London Gatwick Airport", with: "EGKK,LGW,Gatwick Airport")
        #expect(try await cli.run("-C theirs push --yes").exitCode == 0)
        let before = try await Self.remoteRecords(cli, sqlite: shared)

        let apply = try await cli.run("-C mine apply plan.json --yes")
        #expect(apply.exitCode == 4)
        #expect(apply.stderr.contains("plan refused, nothing applied"), "\(apply.stderr)")
        #expect(apply.stderr.contains("updated Airport/EGKK"), "\(apply.stderr)")
        #expect(apply.stderr.contains("cksync push --dry-run --out FILE"), "\(apply.stderr)")
        let after = try await Self.remoteRecords(cli, sqlite: shared)
        #expect(after == before)
        #expect(after.contains("Airport/NZAA"), "the refused plan deleted nothing")
        #expect(!after.contains("Airport/LKPR"), "the refused plan created nothing")
    }

    @Test func aPlanWhoseRemoteSnapshotMovedLocallyIsRefused() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try await Self.plannedExample(cli)
        #expect(try await cli.run("-C example push --yes").exitCode == 0)
        let apply = try await cli.run("-C example apply plan.json --yes")
        #expect(apply.exitCode == 4)
        #expect(apply.stderr.contains("moved since the plan was made"), "\(apply.stderr)")
    }

    @Test func aPlanNamingAMissingSnapshotIsRefused() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try await Self.plannedExample(cli)
        let file = example.appendingPathComponent("plan.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let target = try #require(text.firstMatch(of: /"target": "([0-9a-f]{40})"/)?.1)
        try file.edit(replacing: String(target), with: String(repeating: "ab", count: 20))
        let apply = try await cli.run("-C example apply plan.json --yes")
        #expect(apply.exitCode == 4)
        #expect(apply.stderr.contains("target snapshot abababababababababababababababababababab is not in"), "\(apply.stderr)")
        let show = try await cli.run("-C example show plan.json")
        #expect(show.exitCode == 4)
    }

    @Test(arguments: [
        ("not json", "not a usable plan: not a JSON document"),
        ("{\"version\": 1}", "\"operation\": missing"),
        ("{\"version\": 2}", "plan version 2"),
    ])
    func aBadPlanFileIsInputError(contents: String, message: String) async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.copyExample()
        try contents.write(to: cli.work.appendingPathComponent("example/bad.json"), atomically: true, encoding: .utf8)
        let apply = try await cli.run("-C example apply bad.json --yes")
        #expect(apply.exitCode == 2)
        #expect(apply.stderr.contains("bad.json"), "\(apply.stderr)")
        #expect(apply.stderr.contains(message), "\(apply.stderr)")
    }

    @Test func aPlanWithoutItsTargetIsNotAPlanToDeleteEverything() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        try await cli.run("-C example push --yes")
        #expect(try await cli.run("-C example rollback local/main --dry-run --out plan.json").exitCode == 0)
        let file = example.appendingPathComponent("plan.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let withoutTarget = try #require(text.firstMatch(of: /\n  "target": "[0-9a-f]{40}",/))
        try file.edit(replacing: String(withoutTarget.0), with: "")
        let apply = try await cli.run("-C example apply plan.json --yes")
        #expect(apply.exitCode == 2)
        #expect(apply.stderr.contains("\"target\": missing"), "\(apply.stderr)")
    }

    @Test func dryRunExitCodeSaysWhetherThereIsAnythingToApply() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.copyExample()
        #expect(try await cli.run("-C example push --dry-run --exit-code").exitCode == 1)
        try await cli.run("-C example push --yes")
        #expect(try await cli.run("-C example push --dry-run --exit-code").exitCode == 0)
        #expect(try await cli.run("-C example prune-orphans --dry-run --exit-code").exitCode == 0)
        let misuse = try await cli.run("-C example push --exit-code --yes")
        #expect(misuse.exitCode == 2)
        #expect(misuse.stderr.contains("--exit-code needs --dry-run"), "\(misuse.stderr)")
    }
}
