import Foundation
import Testing

/// Who made each sync, as git finds it, and a history that leaves nothing out.
@Suite struct AuditTests {
    /// A home folder with no git configuration in it.
    static func emptyHome(_ cli: CLI) throws -> URL {
        let home = cli.work.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    /// The environment of a user nobody configured: no GIT_* variables, an empty home.
    static func unconfigured(home: URL) -> [String: String?] {
        [
            "GIT_AUTHOR_NAME": nil, "GIT_AUTHOR_EMAIL": nil, "GIT_COMMITTER_NAME": nil, "GIT_COMMITTER_EMAIL": nil,
            "EMAIL": nil, "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "USER": "tester",
        ]
    }

    @Test func twoAuthorsOneByTheEnvironmentOneByGitConfiguration() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        let home = try Self.emptyHome(cli)
        try "[user]\n\tname = Bob Builder\n\temail = bob@example.com\n"
            .write(to: home.appendingPathComponent(".gitconfig"), atomically: true, encoding: .utf8)

        var alice = Self.unconfigured(home: home)
        alice["GIT_AUTHOR_NAME"] = "Alice Doe"
        alice["GIT_AUTHOR_EMAIL"] = "alice@example.com"
        let first = try await cli.run("-C example push --yes", environment: alice)
        #expect(first.exitCode == 0, "\(first.stderr)")
        try example.appendingPathComponent("data/airports.csv").edit(replacing: "-0.461941,83,", with: "-0.461941,85,")
        let second = try await cli.run("-C example push --yes", environment: Self.unconfigured(home: home))
        #expect(second.exitCode == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("hint:"), "git's configuration named the author: \(second.stderr)")

        let log = try await cli.run("-C example log").stdout.split(separator: "\n")
        #expect(log.count == 3)
        #expect(log[0].contains("Bob Builder") && log[0].contains("push local: 0 new, 1 updated"))
        #expect(log[1].contains("Alice Doe") && log[1].contains("push local: 67 new"))
        #expect(log[2].contains("Alice Doe") && log[2].contains("fetch local: 0 records"))

        let json = try await cli.run("-C example log --json")
        let syncs = try Self.syncs(json.stdout)
        let authors = syncs.map { ($0["author"] as? [String: String])?["email"] }
        #expect(authors == ["bob@example.com", "alice@example.com", "alice@example.com"])
        // The committer comes from the configuration file in both: only the author was set for Alice.
        let committer = try await cli.git(
            "--git-dir example/.cksync/repo log -1 --format=%cn|%ce refs/remotes/local/main~1")
        #expect(committer.stdout == "Bob Builder|bob@example.com\n")

        let show = try await cli.run("-C example show").stdout
        #expect(show.contains("Author: Bob Builder <bob@example.com>"))
        let byAlice = try await cli.run("-C example log --author ALICE").stdout.split(separator: "\n")
        #expect(byAlice.count == 2 && byAlice.allSatisfy { $0.contains("Alice Doe") })
        let pushes = try await cli.run("-C example log --kind push --author bob").stdout.split(separator: "\n")
        #expect(pushes.count == 1)
        // CLI.environment dates every commit 2026-01-01T00:00:00Z (@1767225600).
        func count(_ arguments: [String]) async throws -> Int {
            let result = try await cli.run(["-C", "example", "log", "--json"] + arguments)
            #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
            return try Self.syncs(result.stdout).count
        }
        #expect(try await count(["--since", "2026-01-01", "--until", "2026-01-01"]) == 3)
        #expect(try await count(["--since", "@1767225600"]) == 3)
        #expect(try await count(["--since", "2026-01-01T00:00:01Z"]) == 0)
        #expect(try await count(["--since", "2026-01-01T01:00:00+01:00"]) == 3)
        #expect(try await count(["--until", "2025-12-31"]) == 0)
        #expect(try await count(["--until", "1 days ago"]) == 3)
        #expect(try await count(["--since", "2 weeks ago"]) == 0)
        let bad = try await cli.run(["-C", "example", "log", "--since", "last tuesday"])
        #expect(bad.exitCode == 2 && bad.stderr.contains("--since last tuesday: not a date"))
    }

    @Test func withNobodyConfiguredTheLoginAndHostAreUsedAndSaidOnce() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        let home = try Self.emptyHome(cli)
        let environment = Self.unconfigured(home: home)

        let first = try await cli.run("-C example push --yes", environment: environment)
        #expect(first.exitCode == 0, "\(first.stderr)")
        #expect(first.stderr.contains("hint: cksync records its syncs as tester <tester@"))
        #expect(first.stderr.components(separatedBy: "git config --global user.name").count == 2)
        try example.appendingPathComponent("data/airports.csv").edit(replacing: "-0.461941,83,", with: "-0.461941,85,")
        let second = try await cli.run("-C example push --yes", environment: environment)
        #expect(second.exitCode == 0)
        #expect(!second.stderr.contains("hint:"), "the hint is said once per workspace")

        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        let authors = try await cli.git("--git-dir example/.cksync/repo log --format=%an|%ae refs/remotes/local/main")
        for line in authors.stdout.split(separator: "\n") {
            #expect(line.hasPrefix("tester|tester@"), "\(line)")
            #expect(line.contains(host), "\(line) names the host \(host)")
        }
        #expect(!authors.stdout.contains("localhost") || host == "localhost")
    }

    @Test func aDateGitWouldNotReadStopsBeforeAnythingIsWritten() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.copyExample()
        let result = try await cli.run("-C example push --yes", environment: ["GIT_AUTHOR_DATE": "yesterday"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("GIT_AUTHOR_DATE: \"yesterday\" is not a date git reads"))
        let refs = try await cli.git("--git-dir example/.cksync/repo for-each-ref")
        #expect(refs.stdout.isEmpty, "nothing was committed: \(refs.stdout)")
    }

    /// A record created, edited in two more pushes, then rolled back: four entries in its history,
    /// and blame follows each field to the sync that last set it.
    @Test func recordHistoryAndBlameFollowEachField() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        let airports = example.appendingPathComponent("data/airports.csv")
        try await Self.push(cli)
        try airports.edit(replacing: "-0.461941,83,", with: "-0.461941,85,")
        try await Self.push(cli)
        try airports.edit(
            replacing: "London Heathrow Airport,London,GB,51.4706,-0.461941,85,",
            with: "Heathrow,London,GB,51.4706,-0.461941,88,")
        try await Self.push(cli)
        let pushes = try await cli.git("--git-dir example/.cksync/repo rev-list --first-parent refs/remotes/local/main")
        let ids = pushes.stdout.split(separator: "\n").map(String.init)  // newest first: push 3, 2, 1, fetch

        var blame = try await Self.blame(cli)
        #expect(blame["elevation"]?.sync == ids[0] && blame["elevation"]?.value == "88")
        #expect(blame["name"]?.sync == ids[0])
        #expect(blame["city"]?.sync == ids[2])

        let rollback = try await cli.run("-C example rollback main~1 --yes")
        #expect(rollback.exitCode == 0, "\(rollback.stderr)")
        let head = try await cli.git("--git-dir example/.cksync/repo rev-parse refs/remotes/local/main")
        let rollbackID = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let history = try await cli.run("-C example log --record Airport/EGLL --json")
        let syncs = try Self.syncs(history.stdout)
        #expect(syncs.map { $0["snapshot"] as? String } == [rollbackID, ids[0], ids[1], ids[2]])
        #expect(syncs.map { $0["kind"] as? String } == ["rollback", "push", "push", "push"])
        func fields(_ sync: [String: Any]) -> [String] {
            let change = sync["change"] as? [String: Any]
            let changes = change?["fieldChanges"] as? [[String: Any]] ?? []
            return changes.compactMap { $0["field"] as? String }
        }
        #expect(fields(syncs[0]) == ["elevation", "name"])
        #expect(fields(syncs[1]) == ["elevation", "name"])
        #expect(fields(syncs[2]) == ["elevation"])
        #expect((syncs[3]["change"] as? [String: Any])?["change"] as? String == "new")

        let text = try await cli.run("-C example log --record Airport/EGLL").stdout
        #expect(text.contains("elevation: 88 → 85"))
        #expect(text.contains("name: \"Heathrow\" → \"London Heathrow Airport\""))

        blame = try await Self.blame(cli)
        #expect(blame["elevation"]?.sync == rollbackID && blame["elevation"]?.value == "85")
        #expect(blame["name"]?.sync == rollbackID)
        #expect(blame["city"]?.sync == ids[2])
        #expect(blame["country"]?.sync == ids[2])

        let untouched = try await cli.run("-C example log --record Airport/NOPE")
        #expect(untouched.stdout == "No sync with local changed Airport/NOPE.\n")
    }

    /// A push whose every operation the server refuses is in the log with its failures.
    @Test func aPushThatFailedEntirelyIsRecorded() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        try await Self.push(cli)
        try example.appendingPathComponent("cksync.toml")
            .edit(replacing: "elevation = { type = \"INT64\"", with: "elevation = { type = \"STRING\"")
        let refused = try await cli.run("-C example push --yes")
        #expect(refused.exitCode == 3)
        let log = try await cli.run("-C example log -n 1 --json")
        let sync = try #require(try Self.syncs(log.stdout).first)
        let counts = try #require(sync["counts"] as? [String: Any])
        #expect(counts["failed"] as? Int == 36)
        #expect(counts["updated"] as? Int == 0)
        #expect((sync["failures"] as? [String])?.count == 36)
        // A repeated trailer is one array, not 36 members of the same name.
        let trailers = try #require(sync["trailers"] as? [String: Any])
        #expect((trailers["Cksync-Failure"] as? [String])?.count == 36)
        #expect(log.stdout.components(separatedBy: "\"Cksync-Failure\"").count == 2)
        try await SchemaValidation.expectValid(log.stdout, schema: "log", in: cli)
        // The records did not change: the commit's tree is its parent's.
        let trees = try await cli.git("--git-dir example/.cksync/repo rev-parse local/main^{tree} local/main~1^{tree}")
        let lines = trees.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == lines[1])
    }

    static func push(_ cli: CLI, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let result = try await cli.run("-C example push --yes")
        #expect(result.exitCode == 0, "\(result.stderr)", sourceLocation: sourceLocation)
    }

    /// The `syncs` of a `log --json` document.
    static func syncs(_ text: String) throws -> [[String: Any]] {
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return try #require(document?["syncs"] as? [[String: Any]], "not a log document: \(text)")
    }

    /// `blame --json` of Airport/EGLL: field → (sync id, value as its JSON text).
    static func blame(_ cli: CLI) async throws -> [String: (sync: String, value: String)] {
        let result = try await cli.run("-C example blame Airport/EGLL --json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var fields: [String: (sync: String, value: String)] = [:]
        for field in document["fields"] as? [[String: Any]] ?? [] {
            let name = field["field"] as? String ?? ""
            let sync = field["sync"] as? String ?? ""
            let value = ((field["value"] as? [String: Any])?["value"]).map { "\($0)" } ?? ""
            fields[name] = (sync, value)
        }
        return fields
    }
}
