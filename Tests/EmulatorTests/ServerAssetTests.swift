import AsyncHTTPClient
import CloudKitWeb
import Emulator
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// `cksync serve`'s asset flow (protocol §3) on a loopback port: an independent client made of
/// plain HTTP requests and raw JSON, then cksync's own `CloudKitClient`.
@Suite("cksync serve: assets")
struct ServerAssetTests {
    /// Bytes that are not all alike, so that a cut or shifted copy would not compare equal.
    static func bytes(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    /// A JSON object from raw text, for the independent client.
    static func object(_ reply: Reply) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
    }

    /// POSTs raw JSON, unsigned (the server allows it): nothing of cksync's client involved.
    static func post(_ server: TestServer, _ operation: String, _ json: String) async throws -> Reply {
        try await server.send(path: TestServer.path(operation), body: Data(json.utf8))
    }

    /// Sends `body` to an absolute URL the server handed out.
    static func fetch(_ server: TestServer, _ method: HTTPMethod, _ url: String, body: [UInt8] = []) async throws
        -> (status: Int, body: [UInt8])
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        // Five minutes: beside the other tests on two cores, the server may not run for a minute.
        let response = try await server.http.execute(request, timeout: .seconds(300))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(buffer.readableBytesView))
    }

    @Test("an independent client uploads, saves, queries and downloads through raw HTTP")
    func independentClientRoundTrip() async throws {
        try await TestServer.run(allowUnsigned: true) { server in
            let payload = Self.bytes(300_000)
            let tokens = try await Self.post(
                server, "assets/upload",
                #"{"zoneID": {"zoneName": "_defaultZone"}, "tokens": [{"recordName": "a1", "recordType": "Artwork", "fieldName": "image"}]}"#
            )
            #expect(tokens.status == 200)
            let token = try #require((try Self.object(tokens)["tokens"] as? [[String: Any]])?.first)
            #expect(token["recordName"] as? String == "a1")
            #expect(token["fieldName"] as? String == "image")
            let url = try #require(token["url"] as? String)
            #expect(url.hasPrefix("http://127.0.0.1:\(server.port)/"))

            let uploaded = try await Self.fetch(server, .POST, url, body: payload)
            #expect(uploaded.status == 200)
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(uploaded.body)) as? [String: Any])
            let singleFile = try #require(answer["singleFile"] as? [String: Any])
            let receipt = try #require(singleFile["receipt"] as? String)
            let checksum = try #require(singleFile["fileChecksum"] as? String)
            #expect(singleFile["size"] as? Int == payload.count)

            let modify = try await Self.post(
                server, "records/modify",
                """
                {"operations": [{"operationType": "create", "record": {"recordName": "a1", "recordType": "Artwork",
                  "fields": {"title": {"value": "Dawn"},
                             "image": {"value": {"receipt": "\(receipt)", "fileChecksum": "\(checksum)",
                                                 "size": \(payload.count)}, "type": "ASSETID"}}}}]}
                """)
            #expect(modify.status == 200)
            let saved = try #require((try Self.object(modify)["records"] as? [[String: Any]])?.first)
            #expect(saved["serverErrorCode"] == nil)

            let query = try await Self.post(server, "records/query", #"{"query": {"recordType": "Artwork"}}"#)
            let record = try #require((try Self.object(query)["records"] as? [[String: Any]])?.first)
            let image = try #require((record["fields"] as? [String: Any])?["image"] as? [String: Any])
            #expect(image["type"] as? String == "ASSET")
            let value = try #require(image["value"] as? [String: Any])
            #expect(value["fileChecksum"] as? String == checksum)
            #expect(value["size"] as? Int == payload.count)
            let downloadURL = try #require(value["downloadURL"] as? String)

            let downloaded = try await Self.fetch(server, .GET, downloadURL)
            #expect(downloaded.status == 200)
            #expect(downloaded.body == payload)

            let lookup = try await Self.post(server, "records/lookup", #"{"records": [{"recordName": "a1"}]}"#)
            let found = try #require((try Self.object(lookup)["records"] as? [[String: Any]])?.first)
            let foundImage = (found["fields"] as? [String: Any])?["image"] as? [String: Any]
            #expect((foundImage?["value"] as? [String: Any])?["downloadURL"] as? String == downloadURL)
        }
    }

    @Test("CloudKitClient requests URLs, uploads, saves, queries and downloads, signed where Apple signs")
    func clientRoundTrip() async throws {
        try await TestServer.run { server in
            let client = try Self.client(server)
            let files = [Self.bytes(1_000, seed: 1), Self.bytes(70_000, seed: 2)]
            let response = try await client.requestAssetUploads(
                AssetUploadRequest(
                    zoneID: .defaultZone,
                    tokens: (0..<2).map {
                        AssetTokenRequest(recordName: "c\($0)", recordType: "Sound", fieldName: "clip")
                    }))
            #expect(response.tokens.map(\.recordName) == ["c0", "c1"])
            var operations: [RecordOperation] = []
            for (token, file) in zip(response.tokens, files) {
                let asset = try await client.uploadAsset(bytes: file, to: token.url)
                #expect(asset.size == Int64(file.count))
                #expect(asset.receipt != nil)
                operations.append(
                    RecordOperation(
                        .forceReplace,
                        record: RecordDictionary(
                            recordName: token.recordName, recordType: "Sound", fields: ["clip": .asset(asset)])))
            }
            let saved = try await client.modify(ModifyRequest(operations: operations, atomic: false))
            #expect(saved.records.allSatisfy { $0.error == nil })

            let page = try await client.query(QueryRequest(query: Query(recordType: "Sound")))
            #expect(page.records.map(\.recordName) == ["c0", "c1"])
            for (record, file) in zip(page.records, files) {
                let clip = try #require(record.fields?["clip"])
                #expect(clip.type == .asset)
                let url = try #require(clip.asset?.downloadURL)
                #expect(try await client.downloadAsset(url) == file)
            }
        }
    }

    @Test("an upload over 50 MB is refused with CloudKit's error body")
    func oversizedUpload() async throws {
        try await TestServer.run(allowUnsigned: true) { server in
            let tokens = try await Self.post(
                server, "assets/upload",
                #"{"tokens": [{"recordName": "big", "recordType": "Artwork", "fieldName": "image"}]}"#)
            let url = try #require((try Self.object(tokens)["tokens"] as? [[String: Any]])?.first?["url"] as? String)
            let tooLarge = [UInt8](repeating: 7, count: CloudKitLimits.maxAssetBytes + 1)
            let refused = try await Self.fetch(server, .POST, url, body: tooLarge)
            let reply = Reply(status: refused.status, body: Data(refused.body))
            #expect(reply.isCloudKitError(.badRequest))
            #expect((try reply.json["reason"] as? String)?.contains("\(CloudKitLimits.maxAssetBytes)") == true)
            #expect(try await server.store.assetContentTotals().count == 0)
        }
    }

    @Test("an unknown upload URL is NOT_FOUND, an unknown receipt a BAD_REQUEST naming the field")
    func unknownTokenAndReceipt() async throws {
        try await TestServer.run(allowUnsigned: true) { server in
            let url = "http://127.0.0.1:\(server.port)/assets/\(TestServer.container)/development/public/upload/nope"
            let upload = try await Self.fetch(server, .POST, url, body: [1, 2, 3])
            #expect(Reply(status: upload.status, body: Data(upload.body)).isCloudKitError(.notFound))

            let modify = try await Self.post(
                server, "records/modify",
                """
                {"operations": [{"operationType": "create", "record": {"recordName": "x", "recordType": "Artwork",
                  "fields": {"image": {"value": {"receipt": "forged"}, "type": "ASSETID"}}}}]}
                """)
            #expect(modify.status == 200)
            let result = try #require((try Self.object(modify)["records"] as? [[String: Any]])?.first)
            #expect(result["serverErrorCode"] as? String == "BAD_REQUEST")
            #expect((result["reason"] as? String)?.contains("field 'image'") == true)
            #expect(result["recordName"] as? String == "x")

            let missing = try await Self.fetch(
                server, .GET,
                "http://127.0.0.1:\(server.port)/assets/\(TestServer.container)/development/public/download/00")
            #expect(Reply(status: missing.status, body: Data(missing.body)).isCloudKitError(.notFound))
        }
    }

    /// cksync's client for `server`, signed with its key, waiting on `clock`.
    static func client(_ server: TestServer, retry: RetryPolicy = .default, clock: TestClock = TestClock()) throws
        -> CloudKitClient
    {
        var configuration = CloudKitClient.Configuration(
            endpoint: try #require(URL(string: "http://127.0.0.1:\(server.port)")),
            container: TestServer.container, environment: .development, database: .public,
            credentials: .serverToServer(ServerToServerKey(keyID: TestServer.keyID, privateKey: server.key)),
            retry: retry)
        configuration.clock = clock
        // Beside the other tests on two cores, the server may not run for a minute.
        configuration.requestTimeout = .seconds(300)
        return try CloudKitClient(configuration: configuration)
    }

    @Test("uploads and downloads are retried through throttling, 503s and dropped connections")
    func retriedThroughFaults() async throws {
        let faults = FaultConfiguration(throttle: 0.25, unavailable: 0.15, drop: 0.2, seed: 15)
        try await TestServer.run(faults: faults) { server in
            let clock = TestClock()
            let client = try Self.client(
                server, retry: RetryPolicy(maxAttempts: 40, maxTotalTime: .seconds(3600)), clock: clock)
            let files = (0..<12).map { Self.bytes(20_000 + $0, seed: UInt8($0)) }
            let response = try await client.requestAssetUploads(
                AssetUploadRequest(
                    tokens: files.indices.map {
                        AssetTokenRequest(recordName: "f\($0)", recordType: "Doc", fieldName: "file")
                    }))
            var operations: [RecordOperation] = []
            for (token, file) in zip(response.tokens, files) {
                let asset = try await client.uploadAsset(bytes: file, to: token.url)
                operations.append(
                    RecordOperation(
                        .forceReplace,
                        record: RecordDictionary(
                            recordName: token.recordName, recordType: "Doc", fields: ["file": .asset(asset)])))
            }
            let saved = try await client.modify(ModifyRequest(operations: operations, atomic: false))
            #expect(saved.records.allSatisfy { $0.error == nil })
            let page = try await client.query(QueryRequest(query: Query(recordType: "Doc")))
            #expect(page.records.count == files.count)
            for record in page.records {
                let index = try #require(Int(record.recordName.dropFirst()))
                let url = try #require(record.fields?["file"]?.asset?.downloadURL)
                #expect(try await client.downloadAsset(url) == files[index])
            }
            #expect(try await server.store.assetContentTotals().count == files.count)
            #expect(!clock.sleeps.isEmpty, "the seed should inject some faults")
        }
    }

    @Test("the client refuses more than 200 tokens and files over the limit before sending")
    func clientLimits() async throws {
        try await TestServer.run { server in
            let client = try Self.client(server)
            let tokens = (0...CloudKitLimits.maxTokensPerAssetUpload).map {
                AssetTokenRequest(recordName: "r\($0)", recordType: "T", fieldName: "f")
            }
            let many = await #expect(throws: CloudKitError.self) {
                try await client.requestAssetUploads(AssetUploadRequest(tokens: tokens))
            }
            #expect(many?.httpStatus == 0)
            let large = await #expect(throws: CloudKitError.self) {
                try await client.uploadAsset(
                    bytes: [UInt8](repeating: 0, count: CloudKitLimits.maxAssetBytes + 1), to: "http://127.0.0.1:1/x")
            }
            #expect(large?.serverErrorCode == .badRequest)
            #expect(large?.httpStatus == 0)
        }
    }

    @Test("with an API token, assets/upload needs a signed-in user, as a write does")
    func uploadNeedsAUser() async throws {
        try await TestServer.run(apiTokens: ["token"]) { server in
            let body = Data(#"{"tokens": [{"recordName": "a", "recordType": "T", "fieldName": "f"}]}"#.utf8)
            let anonymous = try await server.send(
                path: TestServer.path("assets/upload"), query: "?ckAPIToken=token", body: body)
            #expect(anonymous.isCloudKitError(.authenticationRequired))
            let user = try await server.send(
                path: TestServer.path("assets/upload"), query: "?ckAPIToken=token&ckWebAuthToken=user", body: body)
            #expect(user.status == 200)
        }
    }
}
