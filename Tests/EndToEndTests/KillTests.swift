import Emulator
import Foundation
import Testing

/// A push killed at any moment leaves the repository and the store consistent, and the next push
/// converges to exactly the local snapshot, with no record lost or duplicated.
@Suite("Killed push")
struct KillTests {
    @Test func aPushKilledMidwayConverges() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let workspace = try cli.copyExample()
        let count = 30_000
        var csv = "icao,iata,name,city,country,lat,lon,elevation_ft,timezone,aliases,runways\n"
        for index in 0..<count {
            csv += "K\(index),,Field \(index),Town,US,\(Double(index % 900) / 10),1.5,\(index),UTC,,1\n"
        }
        try csv.write(to: workspace.appendingPathComponent("data/airports.csv"), atomically: true, encoding: .utf8)

        // One record per request, one request at a time: slow enough to be killed in the middle.
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["-C", workspace.path, "push", "--yes", "--batch-size", "1", "--concurrency", "1"]
        process.environment = CLI.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let storePath = workspace.appendingPathComponent(".cksync/local.sqlite").path
        // The push fetches first (an empty remote) and commits that remote snapshot; the apply starts
        // right after. Kill it a moment into the apply: 30,000 one-record requests take far longer.
        let remoteRef = workspace.appendingPathComponent(".cksync/repo/refs/remotes/local/main").path
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: remoteRef) {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(1500))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let atKill = try EmulatorStore(path: storePath).recordCount()
        #expect(atKill < count + 31, "the push finished before the kill")

        let refused = try await cli.run("-C example push --yes")
        #expect(refused.exitCode == 2)
        #expect(refused.stderr.contains("stale lock"))

        let resumed = try await cli.run("-C example push --yes --force-unlock")
        #expect(resumed.exitCode == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(try EmulatorStore(path: storePath).recordCount() == count + 31)

        let fetch = try await cli.run("-C example fetch")
        #expect(fetch.stdout.contains("\(count + 31) records"))
        #expect(fetch.stdout.contains("No drift"))
        let status = try await cli.run("-C example status")
        #expect(status.stdout.contains("Up to date"), "\(status.stdout)")
        let fsck = try await cli.git("--git-dir example/.cksync/repo fsck --strict --no-dangling")
        #expect(fsck.exitCode == 0)
    }
}
