import Foundation
import Testing

/// `cksync gc` and the repack a sync runs by itself: one pack, the same history, git still reads it.
@Suite struct GCTests {
    static let repository = "example/.cksync/repo"

    /// The number of `.pack` files of the example's repository.
    static func packs(_ cli: CLI) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: cli.work.path + "/" + repository + "/objects/pack")
            .count { $0.hasPrefix("pack-") && $0.hasSuffix(".pack") }
    }

    /// Pushes `count` edits of EGLL's elevation (one more each time, from `elevation`), each a
    /// sync with packs of its own; returns each push's stderr.
    static func pushEdits(_ cli: CLI, _ example: URL, count: Int, elevation: inout Int) async throws -> [String] {
        let airports = example.appendingPathComponent("data/airports.csv")
        var stderr: [String] = []
        for _ in 0..<count {
            try airports.edit(replacing: "-0.461941,\(elevation),", with: "-0.461941,\(elevation + 1),")
            elevation += 1
            let push = try await cli.run("-C example push --yes")
            #expect(push.exitCode == 0, "\(push.stderr)")
            stderr.append(push.stderr)
        }
        return stderr
    }

    static func expectFsckClean(_ cli: CLI, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let fsck = try await cli.git("--git-dir \(repository) fsck --full --no-dangling")
        #expect(
            fsck.exitCode == 0 && fsck.stdout.isEmpty, "\(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    @Test func gcPacksEverythingIntoOnePackAndTheHistoryReadsTheSame() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        #expect(try await cli.run("-C example push --yes").exitCode == 0)
        var elevation = 83
        _ = try await Self.pushEdits(cli, example, count: 3, elevation: &elevation)
        #expect(try Self.packs(cli) > 3)
        let logBefore = try await cli.run("-C example log --json").stdout
        let blameBefore = try await cli.run("-C example blame Airport/EGLL --json").stdout
        let gitLogBefore = try await cli.git("--git-dir \(Self.repository) log --format=%H%n%B --all").stdout

        let gc = try await cli.run("-C example gc")
        #expect(gc.exitCode == 0, "\(gc.stderr)")
        #expect(gc.stdout.hasPrefix("Packed the snapshot repository: "))
        #expect(gc.stdout.contains("→ 1 pack, "))
        #expect(try Self.packs(cli) == 1)
        try await Self.expectFsckClean(cli)
        #expect(try await cli.run("-C example log --json").stdout == logBefore)
        #expect(try await cli.run("-C example blame Airport/EGLL --json").stdout == blameBefore)
        #expect(try await cli.git("--git-dir \(Self.repository) log --format=%H%n%B --all").stdout == gitLogBefore)

        // A second gc finds one pack and leaves one pack.
        let again = try await cli.run("-C example gc --json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect((document["before"] as? [String: Any])?["packs"] as? Int == 1)
        #expect((document["after"] as? [String: Any])?["packs"] as? Int == 1)
        try await SchemaValidation.expectValid(again.stdout, schema: "gc", in: cli)
        // The workspace still syncs.
        _ = try await Self.pushEdits(cli, example, count: 1, elevation: &elevation)
        try await Self.expectFsckClean(cli)
    }

    @Test func unreachableObjectsStayForTwoWeeks() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        #expect(try await cli.run("-C example push --yes").exitCode == 0)
        // status snapshots nothing, but writes the tree of the edited data: objects no ref reaches.
        try example.appendingPathComponent("data/airports.csv").edit(replacing: "-0.461941,83,", with: "-0.461941,99,")
        #expect(try await cli.run("-C example status").exitCode == 0)
        let first = try await cli.run("-C example gc --json")
        let kept = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(kept["keptFiles"] as? Int ?? 0 >= 1, "\(first.stdout)")
        #expect(try Self.packs(cli) >= 2)

        // Two weeks and a day later, they go.
        let packDirectory = cli.work.path + "/" + Self.repository + "/objects/pack"
        let old = Date(timeIntervalSinceNow: -15 * 86_400)
        for name in try FileManager.default.contentsOfDirectory(atPath: packDirectory) {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: packDirectory + "/" + name)
        }
        let second = try await cli.run("-C example gc --json")
        let dropped = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(dropped["keptFiles"] as? Int == 0, "\(second.stdout)")
        #expect(try Self.packs(cli) == 1)
        try await Self.expectFsckClean(cli)
        #expect(try await cli.run("-C example status").exitCode == 0)
    }

    @Test func aSyncRepacksWhenThePacksPileUpUnlessTurnedOff() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        #expect(try await cli.run("-C example push --yes").exitCode == 0)
        var notes: [String] = []
        var elevation = 83
        for _ in 0..<60 where notes.isEmpty {
            let stderr = try await Self.pushEdits(cli, example, count: 1, elevation: &elevation)
            notes = stderr.filter { $0.contains("note: packed the snapshot repository") }
        }
        #expect(notes.count == 1, "a sync repacked once the packs passed 50")
        #expect(try Self.packs(cli) < 10)
        try await Self.expectFsckClean(cli)

        try example.appendingPathComponent("cksync.toml").append("\n[gc]\nauto = false\n")
        var packs = try Self.packs(cli)
        for _ in 0..<52 {
            let stderr = try await Self.pushEdits(cli, example, count: 1, elevation: &elevation)
            #expect(!stderr.joined().contains("note: packed"))
            // The local and the remote snapshot's packs become one.
            #expect(try Self.packs(cli) == packs + 1)
            packs = try Self.packs(cli)
        }
        #expect(packs > 50, "[gc] auto = false: nothing repacks")
    }
}
