import CloudKitWeb
import Crypto
import Foundation
import TestSupport
import Testing

/// What `CloudKitClient` puts on the wire for assets: `assets/upload` signed like every API
/// request; the upload and download URLs sent as they are, unsigned and without tokens, and
/// retried as `records/modify` is.
@Suite("CloudKitClient assets")
struct ClientAssetTests {
    let key = P256.Signing.PrivateKey()
    var credentials: CloudKitCredentials { .serverToServer(ServerToServerKey(keyID: "key-1", privateKey: key)) }

    @Test func assetsUploadIsSignedAndTheUploadURLIsNot() async throws {
        let server = ScriptedServer()
        server.script([
            .ok(#"{"tokens": [{"recordName": "r1", "fieldName": "image", "url": "URL"}]}"#),
            .error(503, "TRY_AGAIN_LATER", retryAfter: 0.01),
            .ok(#"{"singleFile": {"fileChecksum": "c", "receipt": "r", "size": 3}}"#),
            .ok("abc"),
        ])
        let recorded = try await server.run { url in
            let client = try testClient(url, credentials: credentials)
            let tokens = try await client.requestAssetUploads(
                AssetUploadRequest(
                    zoneID: .defaultZone,
                    tokens: [AssetTokenRequest(recordName: "r1", recordType: "Artwork", fieldName: "image")]))
            #expect(tokens.tokens.first?.url == "URL")
            let uploadURL = url.absoluteString + "/upload/secret?x=1"
            let asset = try await client.uploadAsset(bytes: [1, 2, 3], to: uploadURL)
            #expect(asset == AssetDictionary(fileChecksum: "c", size: 3, receipt: "r"))
            #expect(try await client.downloadAsset(url.absoluteString + "/download/c") == Array("abc".utf8))
            return server.requests
        }
        #expect(recorded.map(\.method) == ["POST", "POST", "POST", "GET"])
        let request = recorded[0]
        #expect(request.path == "/database/1/iCloud.com.example.Test/development/public/assets/upload")
        let date = try #require(request.headers[RequestSignature.dateHeader.lowercased()])
        let signature = try #require(request.headers[RequestSignature.signatureHeader.lowercased()])
        let message = RequestSignature.message(date: date, body: request.body, subpath: request.path)
        #expect(RequestSignature.verify(signature, message: message, with: key.publicKey))
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect((body["tokens"] as? [[String: String]])?.first?["fieldName"] == "image")

        // The 503 was retried: the same bytes twice, to the URL as given, with no credentials.
        for upload in recorded[1...2] {
            #expect(upload.path == "/upload/secret")
            #expect(upload.query == "x=1")
            #expect(upload.body == Data([1, 2, 3]))
            #expect(upload.headers["content-type"] == "application/octet-stream")
            #expect(upload.headers[RequestSignature.signatureHeader.lowercased()] == nil)
            #expect(upload.headers[RequestSignature.keyIDHeader.lowercased()] == nil)
        }
        #expect(recorded[3].path == "/download/c")
        #expect(recorded[3].headers[RequestSignature.signatureHeader.lowercased()] == nil)
    }

    @Test func anAPITokenIsNotSentToUploadURLs() async throws {
        let server = ScriptedServer()
        server.script([.ok(#"{"singleFile": {"fileChecksum": "c", "receipt": "r", "size": 1}}"#)])
        let recorded = try await server.run { url in
            let client = try testClient(url, credentials: .apiToken("api-secret", webAuthToken: "user-secret"))
            _ = try await client.uploadAsset(bytes: [9], to: url.absoluteString + "/upload/t")
            return server.requests
        }
        #expect(recorded.first?.query == nil)
    }

    @Test func aFailedUploadSaysWhatFailed() async throws {
        let server = ScriptedServer()
        server.script([.error(400, "BAD_REQUEST", reason: "an asset of 60000000 bytes is larger than the limit")])
        let error = try await server.run { url in
            let client = try testClient(url, credentials: credentials)
            return await #expect(throws: CloudKitError.self) {
                try await client.uploadAsset(bytes: [1], to: url.absoluteString + "/upload/t")
            }
        }
        #expect(error?.serverErrorCode == .badRequest)
        #expect(error?.operation == "asset upload")
        #expect(error?.reason?.contains("larger than the limit") == true)
    }
}
