import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `cksync serve` binary (one store file per database, `--data-dir`) and a client that is
/// nothing but URLSession and raw JSON: the asset flow of protocol §3 from outside cksync.
@Suite("cksync serve: assets from an independent client")
struct ServeAssetTests {
    /// One request; the status and the body.
    static func send(_ method: String, _ url: String, body: Data? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("upload, save, query and download through the binary")
    func roundTrip() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let server = Process()
        server.executableURL = CLI.binary
        server.arguments = [
            "serve", "--port", "0", "--allow-unsigned", "--data-dir", cli.work.appendingPathComponent("stores").path,
        ]
        server.environment = CLI.environment
        let output = Pipe()
        server.standardOutput = output
        let log = Pipe()
        server.standardError = log
        try server.run()
        defer {
            if server.isRunning { server.terminate() }
            server.waitUntilExit()
        }
        let handle = output.fileHandleForReading
        let port = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try ServeTests.Setup.listeningPort(handle) })
            }
        }
        let api = "http://127.0.0.1:\(port)/database/1/iCloud.com.example.Art/development/public/"
        let bytes = Data((0..<250_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })

        let (tokenStatus, tokenBody) = try await Self.send(
            "POST", api + "assets/upload",
            body: Data(#"{"tokens": [{"recordName": "p1", "recordType": "Painting", "fieldName": "image"}]}"#.utf8))
        #expect(tokenStatus == 200)
        let token = try #require((try Self.object(tokenBody)["tokens"] as? [[String: Any]])?.first)
        let uploadURL = try #require(token["url"] as? String)

        let (uploadStatus, uploadBody) = try await Self.send("POST", uploadURL, body: bytes)
        #expect(uploadStatus == 200)
        let file = try #require(try Self.object(uploadBody)["singleFile"] as? [String: Any])
        let receipt = try #require(file["receipt"] as? String)
        #expect(file["size"] as? Int == bytes.count)

        let modify = """
            {"operations": [{"operationType": "forceReplace", "record": {"recordName": "p1",
              "recordType": "Painting", "fields": {"image": {"value": {"receipt": "\(receipt)"}, "type": "ASSETID"}}}}]}
            """
        let (modifyStatus, modifyBody) = try await Self.send("POST", api + "records/modify", body: Data(modify.utf8))
        #expect(modifyStatus == 200)
        #expect((try Self.object(modifyBody)["records"] as? [[String: Any]])?.first?["serverErrorCode"] == nil)

        let (_, queryBody) = try await Self.send(
            "POST", api + "records/query", body: Data(#"{"query": {"recordType": "Painting"}}"#.utf8))
        let record = try #require((try Self.object(queryBody)["records"] as? [[String: Any]])?.first)
        let image = try #require((record["fields"] as? [String: Any])?["image"] as? [String: Any])
        #expect(image["type"] as? String == "ASSET")
        let downloadURL = try #require((image["value"] as? [String: Any])?["downloadURL"] as? String)

        let (downloadStatus, downloaded) = try await Self.send("GET", downloadURL)
        #expect(downloadStatus == 200)
        #expect(downloaded == bytes)

        // The upload URL's token is its credential: the request log leaves it out.
        server.terminate()
        server.waitUntilExit()
        let lines = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let secret = try #require(uploadURL.split(separator: "/").last)
        #expect(lines.contains("/upload/<token> 200"), "\(lines)")
        #expect(!lines.contains(secret))
    }
}
