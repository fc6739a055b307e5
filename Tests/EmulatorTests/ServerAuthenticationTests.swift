import CloudKitWeb
import Crypto
import Emulator
import Foundation
import NIOHTTP1
import TestSupport
import Testing

@Suite("cksync serve: authentication")
struct ServerAuthenticationTests {
    /// Ways a server-to-server request goes wrong; each must be 401 AUTHENTICATION_FAILED.
    enum Rejection: String, CaseIterable, Sendable {
        case noHeaders, missingKeyID, missingDate, missingSignature, unknownKey, otherKeysSignature
        case garbageSignature, bodyAlteredAfterSigning, fullURLSigned, staleDate, futureDate, badDateFormat
        case privateDatabase, sharedDatabase, signatureAndAPIToken
    }

    static let body = Data(#"{"query": {"recordType": "Artist"}}"#.utf8)

    @Test("rejected signatures answer 401 AUTHENTICATION_FAILED with CloudKit's body", arguments: Rejection.allCases)
    func rejected(_ rejection: Rejection) async throws {
        try await TestServer.run(apiTokens: ["token-1"]) { server in
            var path = TestServer.path("records/query")
            var body = Self.body
            var query = ""
            var headers = try server.signatureHeaders(body: body, path: path)
            func drop(_ name: String) { headers.removeAll { $0.0 == name } }
            switch rejection {
            case .noHeaders: headers = []
            case .missingKeyID: drop(RequestSignature.keyIDHeader)
            case .missingDate: drop(RequestSignature.dateHeader)
            case .missingSignature: drop(RequestSignature.signatureHeader)
            case .unknownKey: headers = try server.signatureHeaders(body: body, path: path, keyID: "nobody")
            case .otherKeysSignature:
                headers = try server.signatureHeaders(body: body, path: path, key: P256.Signing.PrivateKey())
            case .garbageSignature:
                drop(RequestSignature.signatureHeader)
                headers.append((RequestSignature.signatureHeader, "bm90IGEgc2lnbmF0dXJl"))
            case .bodyAlteredAfterSigning: body = Data(#"{"query": {"recordType": "Artwork"}}"#.utf8)
            case .fullURLSigned:
                headers = try server.signatureHeaders(body: body, path: "http://127.0.0.1:\(server.port)\(path)")
            case .staleDate: headers = try server.signatureHeaders(body: body, path: path, date: Date() - 11 * 60)
            case .futureDate: headers = try server.signatureHeaders(body: body, path: path, date: Date() + 11 * 60)
            case .badDateFormat:
                let date = "2016-01-25T22:15:43.123Z"
                let message = "\(date):\(RequestSignature.bodyHash(body)):\(path)"
                headers = [
                    (RequestSignature.keyIDHeader, TestServer.keyID), (RequestSignature.dateHeader, date),
                    (RequestSignature.signatureHeader, try RequestSignature.sign(message, with: server.key)),
                ]
            case .privateDatabase, .sharedDatabase:
                path = TestServer.path("records/query", database: rejection == .privateDatabase ? "private" : "shared")
                headers = try server.signatureHeaders(body: body, path: path)
            case .signatureAndAPIToken: query = "?ckAPIToken=token-1"
            }
            let reply = try await server.send(path: path, query: query, body: body, headers: headers)
            #expect(reply.isCloudKitError(.authenticationFailed), "\(rejection): \(reply.status)")
        }
    }

    /// The window is measured against the server's clock, fixed here, so its edges are exact.
    @Test("a signed date up to 10 minutes either side of the server's clock is accepted, not beyond")
    func clockSkewWindow() async throws {
        let clock = TestClock()
        try await TestServer.run(now: clock.dates) { server in
            let path = TestServer.path("zones/list")
            var statuses: [Int] = []
            for offset in [-601, -600, 0, 600, 601] as [TimeInterval] {
                let headers = try server.signatureHeaders(
                    body: Data(), path: path, date: clock.date.addingTimeInterval(offset))
                statuses.append(try await server.send(.GET, path: path, headers: headers).status)
            }
            #expect(statuses == [401, 200, 200, 200, 401])
        }
    }

    @Test("every error carries a fresh uuid")
    func freshUUIDs() async throws {
        try await TestServer.run { server in
            let path = TestServer.path("records/query")
            let first = try await server.send(path: path, body: Self.body)
            let second = try await server.send(path: path, body: Self.body)
            #expect(try first.json["uuid"] as? String != second.json["uuid"] as? String)
        }
    }

    @Test("an empty body may be signed with the empty-string hash or with nothing between the colons")
    func emptyBodyForms() async throws {
        try await TestServer.run { server in
            let path = TestServer.path("zones/list")
            let hashed = try server.signatureHeaders(body: Data(), path: path)
            let hashedReply = try await server.send(.GET, path: path, headers: hashed)
            #expect(hashedReply.status == 200)

            let date = RequestSignature.dateString(Date())
            let signature = try RequestSignature.sign("\(date)::\(path)", with: server.key)
            let empty = [
                (RequestSignature.keyIDHeader, TestServer.keyID), (RequestSignature.dateHeader, date),
                (RequestSignature.signatureHeader, signature),
            ]
            let emptyReply = try await server.send(.GET, path: path, headers: empty)
            #expect(emptyReply.status == 200)
        }
    }

    @Test("without --allow-unsigned an unsigned request is 401; with it, it is served")
    func unsigned() async throws {
        let path = TestServer.path("records/query")
        try await TestServer.run { server in
            let reply = try await server.send(path: path, body: Self.body)
            #expect(reply.isCloudKitError(.authenticationFailed))
        }
        try await TestServer.run(allowUnsigned: true) { server in
            let reply = try await server.send(path: path, body: Self.body)
            #expect(reply.status == 400)  // Served: the type does not exist yet.
            #expect(try reply.json["reason"] as? String == "Did not find record type: Artist")
            // A request that carries a signature must still verify.
            let forged = try server.signatureHeaders(body: Data("{}".utf8), path: path)
            let forgedReply = try await server.send(path: path, body: Self.body, headers: forged)
            #expect(forgedReply.isCloudKitError(.authenticationFailed))
        }
    }

    @Test("ckAPIToken reads the public database; writes and the private database need ckWebAuthToken")
    func apiToken() async throws {
        try await TestServer.run(apiTokens: ["token-1"]) { server in
            let modify = Data(
                #"{"operations": [{"operationType": "create", "record": {"recordType": "A", "recordName": "a"}}]}"#.utf8
            )
            let list = TestServer.path("zones/list")
            let read = try await server.send(.GET, path: list, query: "?ckAPIToken=token-1")
            #expect(read.status == 200)
            let unknown = try await server.send(.GET, path: list, query: "?ckAPIToken=token-2")
            #expect(unknown.isCloudKitError(.authenticationFailed))
            let write = TestServer.path("records/modify")
            let anonymousWrite = try await server.send(path: write, query: "?ckAPIToken=token-1", body: modify)
            #expect(anonymousWrite.isCloudKitError(.authenticationRequired))
            let userWrite = try await server.send(
                path: write, query: "?ckAPIToken=token-1&ckWebAuthToken=user%2Ba%3D", body: modify)
            #expect(userWrite.status == 200)
            let privateList = try await server.send(
                .GET, path: TestServer.path("zones/list", database: "private"), query: "?ckAPIToken=token-1")
            #expect(privateList.isCloudKitError(.authenticationRequired))
        }
    }
}
