import CloudKitWeb
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

        let storePath = workspace.appendingPathComponent(".cksync/local.sqlite").path
        // The push fetches first (an empty remote) and commits that remote snapshot; the apply starts
        // right after. Kill it once the journal holds some confirmed batches, in the middle: 30,000
        // one-record requests take far longer.
        await Self.pushKilled(in: workspace, journalBytes: 4096, settle: 300_000)
        let held = try EmulatorStore(path: storePath).allRecords()
        let atKill = held.count
        #expect(atKill < count + 31, "the push finished before the kill")
        // With one request in flight at a time, two records on the server mean the first
        // batch's answer was read, and so journaled, before the kill.
        try #require(atKill >= 2, "killed before the first batch was confirmed")
        let tagsAtKill = Dictionary(uniqueKeysWithValues: held.map { ($0.recordName, $0.recordChangeTag ?? "") })

        // The killed push's flock went with it and its lock file names a dead process: nothing
        // blocks, no --force-unlock (issue 10, 4).
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".cksync/lock").path))
        let resumed = try await cli.run("-C example push --yes")
        #expect(resumed.exitCode == 0, "\(resumed.stdout)\(resumed.stderr)")
        let after = try EmulatorStore(path: storePath).allRecords()
        #expect(after.count == count + 31)

        // The journal was folded in first: of the records the server held at the kill, only the
        // one whose answer was in flight may have been sent again (issue 10, 10). Without the
        // journal every one of them was.
        let tagsAfter = Dictionary(uniqueKeysWithValues: after.map { ($0.recordName, $0.recordChangeTag ?? "") })
        let sentAgain = tagsAtKill.filter { tagsAfter[$0.key] != $0.value }
        #expect(sentAgain.count <= 1, "\(sentAgain.count) of \(atKill) confirmed records were sent again")
        let log = try await cli.run("-C example log")
        #expect(log.stdout.contains("push local: recovered "), "\(log.stdout)")
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".cksync/journal-local").path))

        let fetch = try await cli.run("-C example fetch")
        #expect(fetch.stdout.contains("\(count + 31) records"))
        #expect(fetch.stdout.contains("No drift"))
        let status = try await cli.run("-C example status")
        #expect(status.stdout.contains("Up to date"), "\(status.stdout)")
        let fsck = try await cli.git("--git-dir example/.cksync/repo fsck --strict --no-dangling")
        #expect(fsck.exitCode == 0)
    }

    /// Issue 15: a push killed in the middle of its uploads converges on the next run, and no file
    /// of a record the server confirmed before the kill is uploaded again.
    @Test func aPushKilledDuringItsUploadsConverges() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let workspace = try cli.copyExample()
        let count = 600
        let images = workspace.appendingPathComponent("data/images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        var csv = "id,image\n"
        var files: [String: [UInt8]] = [:]
        for index in 0..<count {
            let bytes = (0..<(4_000 + index)).map { UInt8(truncatingIfNeeded: $0 &* (index + 3) &+ index) }
            files["art-\(index)"] = bytes
            try Data(bytes).write(to: images.appendingPathComponent("\(index).bin"))
            csv += "art-\(index),images/\(index).bin\n"
        }
        try csv.write(to: workspace.appendingPathComponent("data/art.csv"), atomically: true, encoding: .utf8)
        try AssetSyncTests.addArtworkType(to: workspace, fields: ["image = \"ASSET\""])

        let storePath = workspace.appendingPathComponent(".cksync/local.sqlite").path
        // Artworks come after the example's 31 records: wait for some of them to be journaled.
        await Self.pushKilled(in: workspace, journalBytes: 40_000)
        let uploadsAtKill = try await EmulatorStore(path: storePath).completedUploads()
        #expect(uploadsAtKill.count < count, "the push finished before the kill")
        try #require(uploadsAtKill.count >= 2, "killed before the first artwork was confirmed")

        let resumed = try await cli.run("-C example push --yes")
        #expect(resumed.exitCode == 0, "\(resumed.stdout)\(resumed.stderr)")
        let store = try EmulatorStore(path: storePath)
        let uploads = try await store.completedUploads()
        #expect(uploads.count == count)
        // Only the record whose request was in flight at the kill may have been uploaded twice.
        let twice = uploads.filter { $0.value > 1 }
        #expect(twice.count <= 1, "uploaded twice: \(twice.keys.sorted())")
        for record in try store.allRecords() where record.recordType == "Artwork" {
            let url = try #require(record.fields?["image"]?.asset?.downloadURL)
            #expect(try await store.downloadAsset(url) == files[record.recordName], "\(record.recordName)")
        }
        let fetch = try await cli.run("-C example fetch")
        #expect(fetch.stdout.contains("No drift"), "\(fetch.stdout)")
        let status = try await cli.run("-C example status")
        #expect(status.stdout.contains("Up to date"), "\(status.stdout)")
    }

    /// Runs `push --yes` in `workspace`, one record per request, one request at a time (slow enough
    /// to be killed in the middle), and kills it with SIGKILL once its journal holds `journalBytes`
    /// bytes and `settle` microseconds more have passed.
    static func pushKilled(in workspace: URL, journalBytes: Int, settle: useconds_t = 0) async {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["-C", workspace.path, "push", "--yes", "--batch-size", "1", "--concurrency", "1"]
        process.environment = CLI.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            Issue.record("the push did not start: \(error)")
            return
        }
        let journal = workspace.appendingPathComponent(".cksync/journal-local").path
        // Watched from a thread of its own, not from this task: on a loaded machine the
        // cooperative pool (a thread per core) may not run this task again before the push ends.
        // Polled with no bound in time: a loaded machine is slow, not wrong.
        await withCheckedContinuation { (killed: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var info = stat()
                while process.isRunning && (lstat(journal, &info) == 0 ? Int(info.st_size) : 0) < journalBytes {
                    usleep(20_000)
                }
                usleep(settle)
                // An ended push's pid may be another process's by now.
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                killed.resume()
            }
        }
    }
}
