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
            for byte in 0..<min(8, size - offset) { bytes[offset + byte] = UInt8(truncatingIfNeeded: word >> (byte * 8)) }
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
        let config = setup.workspace.appendingPathComponent("cksync.toml")
        let text = try String(contentsOf: config, encoding: .utf8) + """

            [[types]]
            name = "Artwork"
            source = "data/art.csv"
            record-name = "{id}"

            [types.fields]
            title = "STRING"
            image = "ASSET"

            """
        try text.write(to: config, atomically: true, encoding: .utf8)
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
        let records = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])["records"] as? [[String: Any]]
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
        for index in changed { try Self.image(index, version: 1).write(to: images.appendingPathComponent("art-\(index).bin")) }
        let retitled = (0..<10).map { $0 * 97 + 50 }
        let csv = setup.workspace.appendingPathComponent("data/art.csv")
        var text = try String(contentsOf: csv, encoding: .utf8)
        for index in retitled {
            text = text.replacingOccurrences(of: "art-\(index),Artwork \(index),", with: "art-\(index),Renamed \(index),")
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
