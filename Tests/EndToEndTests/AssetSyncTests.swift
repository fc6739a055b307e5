import CloudKitWeb
import Emulator
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 15: ASSET fields end to end against `cksync serve` over loopback. A push uploads only
/// the files the server does not hold, a rollback uploads the old bytes again, and what the
/// server holds is checked by downloading it through its `downloadURL`s, as any client would.
@Suite("assets: push, change, roll back through cksync serve")
struct AssetSyncTests {
    static let records = 2_000

    /// The bytes of artwork `index` in `version`: a few hundred KB, different for every pair.
    static func image(_ index: Int, version: Int) -> Data {
        var generator = SplitMix64(seed: UInt64(index * 4 + version + 1))
        let size = 150_000 + Int(generator.next() % 150_000)
        var bytes = [UInt8](repeating: 0, count: size)
        for offset in stride(from: 0, to: size, by: 8) {
            let word = generator.next()
            for byte in 0..<min(8, size - offset) {
                bytes[offset + byte] = UInt8(truncatingIfNeeded: word >> (byte * 8))
            }
        }
        return Data(bytes)
    }

    /// Adds an `Artwork` type of `records` records, each with an image file of its own.
    static func addArtworks(to setup: ServeTests.Setup) throws {
        let data = setup.workspace.appendingPathComponent("data")
        let images = data.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        var csv = "id,title,image\n"
        for index in 0..<records {
            try image(index, version: 0).write(to: images.appendingPathComponent("art-\(index).bin"))
            csv += "art-\(index),Artwork \(index),images/art-\(index).bin\n"
        }
        try csv.write(to: data.appendingPathComponent("art.csv"), atomically: true, encoding: .utf8)
        try addArtworkType(to: setup.workspace, fields: ["title = \"STRING\"", "image = \"ASSET\""])
    }

    /// Adds to the workspace's cksync.toml an `Artwork` type read from `data/art.csv`, named by its
    /// `id` column, with `fields` (lines of its `[types.fields]` table) and `extra` lines.
    static func addArtworkType(to workspace: URL, fields: [String], extra: [String] = []) throws {
        let lines =
            ["", "[[types]]", "name = \"Artwork\"", "source = \"data/art.csv\"", "record-name = \"{id}\""]
            + extra + ["", "[types.fields]"] + fields + [""]
        try workspace.appendingPathComponent("cksync.toml").append(lines.joined(separator: "\n"))
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The bytes the server holds for each artwork's image, downloaded through its downloadURL.
    static func serverImages(_ names: [String], port: Int) async throws -> [String: Data] {
        let api = "http://127.0.0.1:\(port)/database/1/iCloud.com.example.Places/development/public/"
        let body = try JSONSerialization.data(withJSONObject: ["records": names.map { ["recordName": $0] }])
        var request = URLRequest(url: try #require(URL(string: api + "records/lookup")))
        request.httpMethod = "POST"
        request.httpBody = body
        let (data, _) = try await URLSession.shared.data(for: request)
        let records =
            try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])["records"] as? [[String: Any]]
        var images: [String: Data] = [:]
        for record in try #require(records) {
            let name = try #require(record["recordName"] as? String)
            let image = try #require((record["fields"] as? [String: Any])?["image"] as? [String: Any])
            let url = try #require((image["value"] as? [String: Any])?["downloadURL"] as? String)
            images[name] = try await URLSession.shared.data(from: try #require(URL(string: url))).0
        }
        return images
    }

    @Test("2,000 images: all uploaded once, then exactly the 20 changed, then the 20 old ones again")
    func pushChangeRollBack() async throws {
        let setup = try await ServeTests.Setup(faults: ["--allow-unsigned"])
        try Self.addArtworks(to: setup)

        let first = try await setup.run("push --yes --json")
        #expect(first.exitCode == 0, "\(first.stderr)")
        let firstResult = try Self.object(first.stdout)
        #expect((firstResult["assets"] as? [String: Any])?["uploaded"] as? Int == Self.records)
        #expect((firstResult["applied"] as? [String: Any])?["new"] as? Int == Self.records + 67)

        // 20 files change, and 10 titles of other artworks.
        let images = setup.workspace.appendingPathComponent("data/images")
        let changed = (0..<20).map { $0 * 97 }
        for index in changed {
            try Self.image(index, version: 1).write(to: images.appendingPathComponent("art-\(index).bin"))
        }
        let retitled = (0..<10).map { $0 * 97 + 50 }
        let csv = setup.workspace.appendingPathComponent("data/art.csv")
        var text = try String(contentsOf: csv, encoding: .utf8)
        for index in retitled {
            text = text.replacingOccurrences(
                of: "art-\(index),Artwork \(index),", with: "art-\(index),Renamed \(index),")
        }
        try text.write(to: csv, atomically: true, encoding: .utf8)

        let diff = try await setup.cli.run("-C example diff --remote staging")
        #expect(diff.stdout.contains("image:"), "\(diff.stdout)")
        let second = try await setup.run("push --yes --json")
        #expect(second.exitCode == 0, "\(second.stderr)")
        let secondResult = try Self.object(second.stdout)
        #expect((secondResult["assets"] as? [String: Any])?["uploaded"] as? Int == 20)
        #expect((secondResult["applied"] as? [String: Any])?["updated"] as? Int == 30)
        let names = (changed + retitled).map { "art-\($0)" }
        var held = try await Self.serverImages(names, port: setup.port)
        for index in changed { #expect(held["art-\(index)"] == Self.image(index, version: 1)) }
        for index in retitled { #expect(held["art-\(index)"] == Self.image(index, version: 0)) }

        // Nothing changed: nothing to upload.
        let again = try await setup.run("push --yes --json")
        #expect((try Self.object(again.stdout)["assets"] as? [String: Any])?["uploaded"] as? Int == 0)

        // The first push's snapshot is main~1: the second push committed the next one.
        let rollback = try await setup.run("rollback main~1 --yes --json")
        #expect(rollback.exitCode == 0, "\(rollback.stderr)")
        let rolledBack = try Self.object(rollback.stdout)
        #expect((rolledBack["assets"] as? [String: Any])?["uploaded"] as? Int == 20)
        #expect((rolledBack["applied"] as? [String: Any])?["updated"] as? Int == 30)
        held = try await Self.serverImages(names, port: setup.port)
        for index in changed + retitled { #expect(held["art-\(index)"] == Self.image(index, version: 0)) }

        // A fetch finds the server holding what cksync pushed: no drift.
        let fetch = try await setup.run("fetch")
        #expect(fetch.stdout.contains("No drift"), "\(fetch.stdout)")
    }
}

/// Issue 15 (4): a file changed on the server by another client is drift, named by the server's
/// checksum; `fetch --assets` downloads it, so that it is named by content; the next push uploads
/// the local file again.
@Suite("assets: drift found by fetch")
struct AssetDriftTests {
    @Test func aFileChangedOnTheServerIsDriftUntilPushedAgain() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        let images = example.appendingPathComponent("data/images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        let local = Data((0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 5) })
        try local.write(to: images.appendingPathComponent("a.bin"))
        try "id,image\nart-a,images/a.bin\n".write(
            to: example.appendingPathComponent("data/art.csv"), atomically: true, encoding: .utf8)
        try AssetSyncTests.addArtworkType(to: example, fields: ["image = \"ASSET\""])
        #expect(try await cli.run("-C example push --yes").exitCode == 0)

        // Another client replaces the file on the server.
        let store = try EmulatorStore(path: example.appendingPathComponent(".cksync/local.sqlite").path)
        let theirs = (0..<30_000).map { UInt8(truncatingIfNeeded: $0 &* 11 &+ 1) }
        let token = try await store.requestAssetUploads(
            AssetUploadRequest(tokens: [
                AssetTokenRequest(recordName: "art-a", recordType: "Artwork", fieldName: "image")
            ]))
        let uploaded = try await store.uploadAsset(bytes: theirs, to: try #require(token.tokens.first).url)
        let record = RecordDictionary(recordName: "art-a", recordType: "Artwork", fields: ["image": .asset(uploaded)])
        let saved = try await store.modify(ModifyRequest(operations: [RecordOperation(.forceReplace, record: record)]))
        #expect(saved.records.first?.error == nil)

        let fetch = try await cli.run("-C example fetch")
        #expect(fetch.stdout.contains("Drift since the last remote snapshot: 0 new, 1 updated"), "\(fetch.stdout)")
        #expect(fetch.stdout.contains("image: 20.0 KB "), "\(fetch.stdout)")
        #expect(fetch.stdout.contains("→ 30.0 KB checksum "), "\(fetch.stdout)")

        let download = try await cli.run("-C example fetch --assets --json")
        try await SchemaValidation.expectValid(download.stdout, schema: "fetch", in: cli)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(download.stdout.utf8)) as? [String: Any])
        #expect(document["assetsDownloaded"] as? Int == 1)
        // Now named by content: the diff shows both files by their blob ids, and git holds theirs.
        let diff = try await cli.run("-C example diff")
        #expect(diff.stdout.contains("image: 30.0 KB "), "\(diff.stdout)")
        #expect(!diff.stdout.contains("checksum"), "\(diff.stdout)")

        let push = try await cli.run("-C example push --yes --json")
        try await SchemaValidation.expectValid(push.stdout, schema: "result", in: cli)
        let pushed = try #require(try JSONSerialization.jsonObject(with: Data(push.stdout.utf8)) as? [String: Any])
        #expect((pushed["assets"] as? [String: Any])?["uploaded"] as? Int == 1)
        let held = try store.allRecords().first { $0.recordName == "art-a" }
        let url = try #require(held?.fields?["image"]?.asset?.downloadURL)
        #expect(try await store.downloadAsset(url) == [UInt8](local))
        #expect(try await cli.run("-C example fetch").stdout.contains("No drift"))
    }
}
