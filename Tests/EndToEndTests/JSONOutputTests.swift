import Foundation
import Testing

/// Every command's `--json` document, dry runs, no-ops and errors included, checked against
/// its schema in docs/json.
@Suite("JSON output")
struct JSONOutputTests {
    @Test func everyDocumentValidatesAgainstItsSchema() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        func expect(_ arguments: String, schema: String, exitCode: Int32 = 0) async throws {
            let result = try await cli.run(arguments)
            #expect(result.exitCode == exitCode, "cksync \(arguments): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "cksync \(arguments) printed no JSON")
            try await SchemaValidation.expectValid(result.stdout, schema: schema, in: cli)
        }
        try await expect("init fresh --json", schema: "init")
        try await expect("-C example status --json", schema: "status")
        try await expect("-C example snapshot --json", schema: "snapshot")
        try await expect("-C example snapshot --json", schema: "snapshot")
        try await expect("-C example push --dry-run --json", schema: "plan")
        try await expect("-C example push --yes --json", schema: "result")
        try await expect("-C example push --yes --json", schema: "result")
        try await expect("-C example push --dry-run --json", schema: "plan")
        try await expect("-C example fetch --json", schema: "fetch")
        try GoldenTranscriptTests.editExample(example)
        try await expect("-C example status --json", schema: "status")
        try await expect("-C example diff --json --show-tolerated", schema: "changeset")
        try await expect("-C example push --dry-run --delete-orphans --json --out plan.json", schema: "plan")
        try await expect("-C example show plan.json --json", schema: "plan")
        try await expect("-C example diff --plan plan.json --json", schema: "plan")
        try await expect("-C example apply plan.json --yes --json", schema: "result")
        try await expect("-C example fetch --json", schema: "fetch")
        try await expect("-C example log --json", schema: "log")
        try await expect("-C example show --json", schema: "show")
        try await expect("-C example show main --json", schema: "show")
        try await expect("-C example log --record Airport/EGLL --json", schema: "log")
        try await expect("-C example log --record Airport/NZAA --kind push --json", schema: "log")
        try await expect("-C example blame Airport/EGLL --json", schema: "blame")
        try await expect("-C example blame Airport/NOPE --json", schema: "error", exitCode: 2)
        try await expect("-C example prune-orphans --dry-run --json", schema: "plan")
        try await expect("-C example prune-orphans --yes --json", schema: "result")
        try await expect("-C example rollback local/main~2 --dry-run --json", schema: "plan")
        try await expect("-C example rollback local/main~2 --yes --json", schema: "result")
        try await expect("-C example schema --json", schema: "schema")
        let schema = try await cli.run("-C example schema")
        try schema.stdout.write(to: example.appendingPathComponent("schema.ckdb"), atomically: true, encoding: .utf8)
        try await expect("-C example schema --check schema.ckdb --json", schema: "schema-check")
        try example.appendingPathComponent("schema.ckdb").edit(replacing: "elevation       INT64", with: "elevation STRING")
        try await expect("-C example schema --check schema.ckdb --json", schema: "schema-check", exitCode: 1)
        try await expect("-C example schema --check missing.ckdb --json", schema: "error", exitCode: 2)
        try await expect("key new --out k.pem --json", schema: "key-new")
        try await expect("key public --in k.pem --json", schema: "key-public")
        try await expect("-C example diff nosuchrev --json", schema: "error", exitCode: 2)
        try await expect("-C example apply nosuchplan.json --json", schema: "error", exitCode: 2)
        try await expect("-C example push --json", schema: "error", exitCode: 2)
        try await expect("-C example psuh --json", schema: "error", exitCode: 2)
    }

    @Test func logCountsAreNumbers() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.copyExample()
        try await cli.run("-C example push --yes")
        let log = try await cli.run("-C example log --json")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])
        let syncs = try #require(document["syncs"] as? [[String: Any]])
        let push = try #require(syncs.first?["trailers"] as? [String: Any])
        #expect(push["Cksync-New"] as? Int == 67)
        #expect(push["Cksync-Deleted"] as? Int == 0)
        #expect(push["Cksync-Remote"] is String)
        #expect(document["version"] as? Int == 1)
    }

    /// `push --dry-run --json` and `status --json` count the same changeset.
    @Test func dryRunCountsMatchStatus() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        try await cli.run("-C example push --yes")
        try GoldenTranscriptTests.editExample(example)
        func summary(_ arguments: String) async throws -> [String: Int] {
            let result = try await cli.run(arguments)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try #require(document["summary"] as? [String: Int])
        }
        let status = try await summary("-C example status --json")
        let plan = try await summary("-C example push --dry-run --json")
        #expect(status == plan)
        #expect(status["new"] == 1 && status["updated"] == 3 && status["deleted"] == 1)
    }
}
