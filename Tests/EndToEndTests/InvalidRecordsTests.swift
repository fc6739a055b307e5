import Emulator
import Foundation
import Testing

/// Issue 12 (1): `invalid-records = "skip"` leaves records that cannot be mapped out of the
/// snapshot, lists them by `file:line: reason` in status, diff, snapshot and push (and their
/// JSON), records them in the snapshot's trailers, and `--max-invalid N` bounds them.
@Suite struct InvalidRecordsTests {
    /// The example with two bad airports appended: a record name CloudKit refuses (lines 38) and
    /// an elevation that is no INT64 (line 39).
    static func workspace(_ cli: CLI, policy: String?) throws -> URL {
        let example = try cli.copyExample()
        try example.appendingPathComponent("data/airports.csv").append(
            "_X1,,Unofficial Strip,Nowhere,GB,51.0,-0.1,10,Europe/London,,1\n"
                + "EGXX,,Bad Elevation,Nowhere,GB,51.1,-0.2,12a,Europe/London,,1\n")
        if let policy {
            try example.appendingPathComponent("cksync.toml").edit(
                replacing: "record-name = \"{icao}\"\n",
                with: "record-name = \"{icao}\"\ninvalid-records = \"\(policy)\"\n")
        }
        return example
    }

    static let nameLine = "data/airports.csv:38: record name \"_X1\""
    static let valueLine = "data/airports.csv:39: field \"elevation\": \"12a\" is not an INT64"

    @Test func theDefaultRefusesTheFileAtItsFirstBadLine() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try Self.workspace(cli, policy: nil)
        for command in ["-C example status", "-C example push --yes", "-C example snapshot"] {
            let result = try await cli.run(command)
            #expect(result.exitCode == 2, "\(command)")
            #expect(result.stderr.contains(Self.nameLine), "\(command): \(result.stderr)")
        }
        #expect(try await cli.git("--git-dir example/.cksync/repo rev-parse --verify -q refs/heads/main").exitCode != 0)
    }

    @Test func skippedRecordsAreListedPushedAroundAndRecorded() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try Self.workspace(cli, policy: "skip")

        let status = try await cli.run("-C example status")
        #expect(status.exitCode == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Airport: 36 new, 0 updated, 0 unchanged, 0 orphans kept, 2 invalid skipped"))
        #expect(status.stdout.contains("Skipped 2 invalid records (invalid-records = \"skip\"):"), "\(status.stdout)")
        #expect(status.stdout.contains("  " + Self.nameLine))
        #expect(status.stdout.contains("  " + Self.valueLine), "\(status.stdout)")

        let json = try await cli.run("-C example status --json")
        try await SchemaValidation.expectValid(json.stdout, schema: "status", in: cli)
        let document = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["summary"] as? [String: Any])?["invalid"] as? Int == 2)
        let invalid = try #require(document["invalid"] as? [[String: Any]])
        #expect(invalid.map { $0["line"] as? Int } == [38, 39])
        #expect(invalid.map { $0["field"] as? String } == [nil, "elevation"])
        #expect(
            invalid.allSatisfy {
                $0["recordType"] as? String == "Airport" && $0["file"] as? String == "data/airports.csv"
            })

        let diff = try await cli.run("-C example diff --stat")
        #expect(diff.stdout.contains("  " + Self.valueLine), "\(diff.stdout)")

        let push = try await cli.run("-C example push --yes")
        #expect(push.exitCode == 0, "\(push.stderr)")
        #expect(push.stdout.contains("  " + Self.nameLine), "\(push.stdout)")
        #expect(push.stdout.contains("Pushed to local: 67 new"), "\(push.stdout)")
        let store = try EmulatorStore(path: example.appendingPathComponent(".cksync/local.sqlite").path)
        let names = Set(try store.allRecords(zone: "_defaultZone").map(\.recordName))
        #expect(names.count == 67 && !names.contains("_X1") && !names.contains("EGXX"))

        let message = try await cli.git("--git-dir example/.cksync/repo log -1 --format=%B refs/heads/main").stdout
        #expect(
            message.hasPrefix("snapshot: 67 records (67 new, 0 updated, 0 deleted, 2 invalid skipped)"), "\(message)")
        #expect(message.contains("\nCksync-Invalid: 2\n"))
        #expect(message.contains("\nCksync-Invalid-Record: " + Self.nameLine))
        #expect(message.contains("\nCksync-Invalid-Record: " + Self.valueLine))

        let show = try await cli.run("-C example show main")
        #expect(show.stdout.contains("Invalid: 2 records skipped (invalid-records = \"skip\")\n  " + Self.nameLine))
        let shown = try await cli.run("-C example show main --json")
        try await SchemaValidation.expectValid(shown.stdout, schema: "show", in: cli)
        let shownDocument = try #require(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let trailers = try #require(shownDocument["trailers"] as? [String: Any])
        #expect(trailers["Cksync-Invalid"] as? Int == 2)
        #expect((trailers["Cksync-Invalid-Record"] as? [String])?.count == 2)

        // Unchanged data is read again (not skipped by the stat cache), so the list stays.
        let again = try await cli.run("-C example status")
        #expect(again.stdout.contains("Up to date") && again.stdout.contains("  " + Self.valueLine), "\(again.stdout)")

        // An edit elsewhere in the file: the row cache maps only that row, and the list stays.
        try example.appendingPathComponent("data/airports.csv").edit(replacing: "-0.461941,83,", with: "-0.461941,84,")
        let edited = try await cli.run("-C example status --json")
        let editedDocument = try #require(
            JSONSerialization.jsonObject(with: Data(edited.stdout.utf8)) as? [String: Any])
        #expect((editedDocument["invalid"] as? [Any])?.count == 2)
        #expect((editedDocument["summary"] as? [String: Any])?["updated"] as? Int == 1)

        // The fixed row is read like any other.
        try example.appendingPathComponent("data/airports.csv").edit(replacing: ",12a,", with: ",12,")
        let fixed = try await cli.run("-C example push --yes")
        #expect(fixed.stdout.contains("Pushed to local: 1 new, 1 updated"), "\(fixed.stdout)")
        #expect(!fixed.stdout.contains("EGXX") && fixed.stdout.contains("Skipped 1 invalid record "), "\(fixed.stdout)")
    }

    /// A record the remote holds whose row turns invalid is not gone from the data: no sync
    /// deletes it, a saved plan included.
    @Test func aRecordWhoseRowTurnsInvalidIsNeverDeleted() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try Self.workspace(cli, policy: "skip")
        #expect(try await cli.run("-C example push --yes").exitCode == 0)
        try example.appendingPathComponent("data/airports.csv").edit(replacing: "-0.461941,83,", with: "-0.461941,8x3,")
        // LFPG's row goes: a real orphan, deleted as asked.
        let airports = example.appendingPathComponent("data/airports.csv")
        let rows = try String(contentsOf: airports, encoding: .utf8).split(separator: "\n").filter {
            !$0.hasPrefix("LFPG,")
        }
        try (rows.joined(separator: "\n") + "\n").write(to: airports, atomically: true, encoding: .utf8)

        let status = try await cli.run("-C example status --delete-orphans")
        #expect(
            status.stdout.contains("A push --delete-orphans would apply: 0 new, 0 updated, 1 deleted"),
            "\(status.stdout)")
        #expect(status.stdout.contains("Not deleted: Airport/EGLL (its row in the data is invalid, not gone)"))
        let json = try await cli.run("-C example status --delete-orphans --json")
        try await SchemaValidation.expectValid(json.stdout, schema: "status", in: cli)
        #expect(
            json.stdout.contains(
                "\"spared\": [\n    {\n      \"recordType\": \"Airport\",\n      \"recordName\": \"EGLL\""))

        let saved = try await cli.run("-C example push --delete-orphans --dry-run --out plan.json")
        #expect(saved.exitCode == 0, "\(saved.stderr)")
        let plan = try String(contentsOf: example.appendingPathComponent("plan.json"), encoding: .utf8)
        try await SchemaValidation.expectValid(plan, schema: "plan", in: cli)
        let apply = try await cli.run("-C example apply plan.json --yes")
        #expect(apply.exitCode == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("0 new, 0 updated, 1 deleted"), "\(apply.stdout)")
        let prune = try await cli.run("-C example prune-orphans --yes")
        #expect(prune.stdout.contains("Not deleted: Airport/EGLL"), "\(prune.stdout)")

        let store = try EmulatorStore(path: example.appendingPathComponent(".cksync/local.sqlite").path)
        let names = Set(try store.allRecords(zone: "_defaultZone").map(\.recordName))
        #expect(names.contains("EGLL") && !names.contains("LFPG"))
    }

    @Test func moreThanMaxInvalidWritesNothing() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try Self.workspace(cli, policy: "skip")
        #expect(try await cli.run("-C example status --max-invalid 2").exitCode == 0)

        let status = try await cli.run("-C example status --max-invalid 1")
        #expect(status.exitCode == 2)
        #expect(status.stderr.contains("2 invalid records, more than --max-invalid 1 allows; nothing was written"))
        #expect(status.stderr.contains("  " + Self.valueLine), "\(status.stderr)")

        let push = try await cli.run("-C example push --yes --max-invalid 1")
        #expect(push.exitCode == 2)
        let snapshot = try await cli.run("-C example snapshot --max-invalid 0")
        #expect(snapshot.exitCode == 2)
        #expect(try await cli.git("--git-dir example/.cksync/repo rev-parse --verify -q refs/heads/main").exitCode != 0)
        #expect(try await cli.run("-C example status --max-invalid -1").exitCode == 2)
    }

    /// The policy is part of what the caches are keyed by: going back to "error" refuses the file
    /// again, even though it did not change.
    @Test func goingBackToErrorRefusesTheFileAgain() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try Self.workspace(cli, policy: "skip")
        #expect(try await cli.run("-C example snapshot").exitCode == 0)
        try example.appendingPathComponent("cksync.toml").edit(
            replacing: "invalid-records = \"skip\"", with: "invalid-records = \"error\"")
        let status = try await cli.run("-C example status")
        #expect(status.exitCode == 2)
        #expect(status.stderr.contains(Self.nameLine))

        try example.appendingPathComponent("cksync.toml").edit(
            replacing: "invalid-records = \"error\"", with: "invalid-records = \"maybe\"")
        let unknown = try await cli.run("-C example status")
        #expect(unknown.exitCode == 2)
        #expect(
            unknown.stderr.contains("unknown policy \"maybe\" (expected \"error\" or \"skip\")"), "\(unknown.stderr)")
    }
}
