import Foundation
import Testing

/// Commands find their workspace as git finds `.git`: the nearest `cksync.toml` at or above the
/// folder they start in; `--config` makes its file's folder the workspace.
@Suite("Workspace discovery")
struct WorkspaceDiscoveryTests {
    @Test func everyCommandWorksFromASubfolder() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        let sub = example.appendingPathComponent("data/deeper")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        func expect(_ arguments: String, exitCode: Int32 = 0, _ contains: String) async throws {
            let result = try await cli.run(arguments, in: sub)
            #expect(result.exitCode == exitCode, "cksync \(arguments): \(result.stderr)")
            #expect((result.stdout + result.stderr).contains(contains), "cksync \(arguments): \(result.stdout)")
        }
        try await expect("status", "67 new")
        try await expect("diff --stat", "67 new")
        try await expect("snapshot", "[main ")
        try await expect("push --yes", "67 new")
        try await expect("fetch", "No drift")
        try await expect("log", "push local: 67 new")
        try await expect("show local/main~1 --stat", "push local: 67 new")
        try await expect("push --dry-run --out plan.json", "Push to local: 0 new")
        // A path given on the command line stays relative to where the command runs, as in git.
        #expect(FileManager.default.fileExists(atPath: sub.appendingPathComponent("plan.json").path))
        try await expect("show plan.json", "0 new")
        try await expect("apply plan.json --yes", "local")
        try await expect("prune-orphans --yes", "local")
        try await expect("rollback main --dry-run", "local")
        try await expect("schema", "RECORD TYPE Airport")
        // The state lives next to cksync.toml, never in the subfolder.
        #expect(FileManager.default.fileExists(atPath: example.appendingPathComponent(".cksync/repo/HEAD").path))
        #expect(!FileManager.default.fileExists(atPath: sub.appendingPathComponent(".cksync").path))
        #expect(!FileManager.default.fileExists(atPath: example.appendingPathComponent("data/.cksync").path))
        // -C names the folder to start from, and discovery walks up from it too.
        let fromC = try await cli.run("-C example/data/deeper status")
        #expect(fromC.exitCode == 0, "\(fromC.stderr)")
        #expect(fromC.stdout.contains("0 new"))
    }

    @Test func outsideAnyWorkspaceCommandsSaySo() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try await cli.run("status")
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("not a cksync workspace (no cksync.toml here or in any parent folder"))
        #expect(!FileManager.default.fileExists(atPath: cli.work.appendingPathComponent(".cksync").path))
        // A -C that names no folder is an error, not a start for the search (as with git -C).
        _ = try cli.copyExample()
        let missing = try await cli.run("-C example/nowhere status")
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("-C example/nowhere: no such folder"), "\(missing.stderr)")
    }

    @Test func configResolvesPathsFromItsOwnFolder() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.copyExample(as: "project/sub")
        let elsewhere = cli.work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        // Run from an unrelated folder: data paths come from the file's folder.
        let status = try await cli.run("--config ../project/sub/cksync.toml status", in: elsewhere)
        #expect(status.exitCode == 0, "\(status.stderr)")
        #expect(status.stdout.contains("67 new"))
        let push = try await cli.run("--config ../project/sub/cksync.toml push --yes", in: elsewhere)
        #expect(push.exitCode == 0, "\(push.stderr)")
        let sub = cli.work.appendingPathComponent("project/sub")
        #expect(FileManager.default.fileExists(atPath: sub.appendingPathComponent(".cksync/repo/HEAD").path))
        #expect(FileManager.default.fileExists(atPath: sub.appendingPathComponent(".cksync/local.sqlite").path))
        // Nothing outside the workspace.
        let stray = try FileManager.default.contentsOfDirectory(atPath: elsewhere.path)
        #expect(stray.isEmpty, "created in the current folder: \(stray)")
        #expect(!FileManager.default.fileExists(atPath: cli.work.appendingPathComponent("project/.cksync").path))
        #expect(!FileManager.default.fileExists(atPath: cli.work.appendingPathComponent(".cksync").path))
        // With -C, --config is relative to -C.
        let fromC = try await cli.run("-C project --config sub/cksync.toml status")
        #expect(fromC.exitCode == 0, "\(fromC.stderr)")
        #expect(fromC.stdout.contains("0 new"))
        let missing = try await cli.run("--config nowhere/cksync.toml status")
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("nowhere/cksync.toml: no such file"))
    }

    @Test func initRefusesInsideAWorkspace() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        let data = example.appendingPathComponent("data")
        let before = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        for (arguments, directory) in [("init", data), ("init nested", data), ("init example/data/new", cli.work)] {
            let result = try await cli.run(arguments, in: directory)
            #expect(result.exitCode == 2, "cksync \(arguments)")
            #expect(
                result.stderr.contains("is inside the workspace of \(example.path)/cksync.toml"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == before)
        #expect(!FileManager.default.fileExists(atPath: example.appendingPathComponent(".cksync").path))
    }
}
