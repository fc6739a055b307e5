import Emulator
import Foundation
import Testing

/// Two workspaces whose local remotes are one SQLite file, pushing at the same moment from two
/// processes: both succeed, because the store waits for the other writer (issue 10, point 3).
@Suite("Shared local remote")
struct SharedLocalRemoteTests {
    @Test func twoProcessesPushingToOneStoreBothSucceed() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let shared = cli.work.appendingPathComponent("shared/remote.sqlite").path
        let count = 3_000
        for (name, suffix) in [("a", "A"), ("b", "B")] {
            let workspace = try cli.copyExample(as: name)
            var csv = "icao,iata,name,city,country,lat,lon,elevation_ft,timezone,aliases,runways\n"
            for index in 0..<count {
                csv += "K\(index),,Field \(index),Town,US,\(Double(index % 900) / 10),1.5,\(index),UTC,,1\n"
            }
            try csv.write(to: workspace.appendingPathComponent("data/airports.csv"), atomically: true, encoding: .utf8)
            let config = workspace.appendingPathComponent("cksync.toml")
            try config.edit(replacing: "path = \".cksync/local.sqlite\"", with: "path = \"\(shared)\"")
            // Types and record names of their own, so neither workspace's records are the other's.
            try config.edit(replacing: "name = \"Airport\"", with: "name = \"Airport\(suffix)\"")
            try config.edit(replacing: "name = \"Place\"", with: "name = \"Place\(suffix)\"")
            try config.edit(replacing: "record-name = \"{icao}\"", with: "record-name = \"\(suffix){icao}\"")
            try config.edit(replacing: "record-name = \"{$key}\"", with: "record-name = \"\(suffix){$key}\"")
        }
        // Small batches, one at a time: many short write transactions from each process.
        async let first = cli.run("-C a push --yes --batch-size 10 --concurrency 1")
        async let second = cli.run("-C b push --yes --batch-size 10 --concurrency 1")
        let results = try await [first, second]
        for result in results {
            #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
            #expect(!result.stderr.contains("database is locked"))
        }
        #expect(try EmulatorStore(path: shared).recordCount() == 2 * (count + 31))
        for name in ["a", "b"] {
            let status = try await cli.run("-C \(name) status")
            #expect(status.stdout.contains("Up to date"), "\(status.stdout)\(status.stderr)")
        }
    }
}
