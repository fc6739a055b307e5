import Crypto
import Foundation
import TestSupport
import Testing

@testable import CloudKitWeb

@Suite("CloudKitClient requests: signing, tokens, bodies")
struct ClientRequestTests {
    let key = P256.Signing.PrivateKey()
    var credentials: CloudKitCredentials { .serverToServer(ServerToServerKey(keyID: "key-1", privateKey: key)) }

    @Test func signedRequestVerifiesOverTheExactBodyAndPath() async throws {
        let server = ScriptedServer()
        let request = QueryRequest(query: Query(recordType: "Airport"), zoneID: .defaultZone, resultsLimit: 200)
        let clock = TestClock()
        let recorded = try await server.run { url in
            let client = try testClient(url, credentials: credentials, clock: clock)
            _ = try await client.query(request)
            return server.requests
        }
        let sent = try #require(recorded.first)
        #expect(recorded.count == 1)
        #expect(sent.method == "POST")
        #expect(sent.path == "/database/1/iCloud.com.example.Test/development/public/records/query")
        #expect(sent.query == nil)
        #expect(sent.headers["content-type"] == "application/json")
        let keyID = try #require(sent.headers[RequestSignature.keyIDHeader.lowercased()])
        let date = try #require(sent.headers[RequestSignature.dateHeader.lowercased()])
        let signature = try #require(sent.headers[RequestSignature.signatureHeader.lowercased()])
        #expect(keyID == "key-1")
        // The client's clock's date, to the second.
        #expect(date == "2026-01-01T00:00:00Z")
        let message = RequestSignature.message(date: date, body: sent.body, subpath: sent.path)
        #expect(RequestSignature.verify(signature, message: message, with: key.publicKey))
        #expect(!RequestSignature.verify(signature, message: message + "x", with: key.publicKey))
        #expect(try JSONDecoder().decode(QueryRequest.self, from: sent.body) == request)
    }

    @Test func zonesListIsAGetWithAnEmptySignedBody() async throws {
        let server = ScriptedServer(
            fallback: .ok("{\"zones\": [{\"zoneID\": {\"zoneName\": \"_defaultZone\"}, \"syncToken\": \"t1\"}]}"))
        let (zones, recorded) = try await server.run { url in
            let client = try testClient(url, credentials: credentials)
            return (try await client.listZones(), server.requests)
        }
        #expect(zones.zones.map(\.zoneID.zoneName) == ["_defaultZone"])
        let sent = try #require(recorded.first)
        #expect(sent.method == "GET")
        #expect(sent.path.hasSuffix("/public/zones/list"))
        #expect(sent.body.isEmpty)
        let date = try #require(sent.headers[RequestSignature.dateHeader.lowercased()])
        let signature = try #require(sent.headers[RequestSignature.signatureHeader.lowercased()])
        let message = "\(date):47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:\(sent.path)"
        #expect(RequestSignature.verify(signature, message: message, with: key.publicKey))
    }

    @Test func everyAttemptIsSignedAfresh() async throws {
        let server = ScriptedServer()
        server.script([.error(503, "TRY_AGAIN_LATER", retryAfter: 2)])
        let clock = TestClock()
        let recorded = try await server.run { url in
            let client = try testClient(url, credentials: credentials, clock: clock)
            _ = try await client.lookup(LookupRequest(recordNames: ["a"]))
            return server.requests
        }
        #expect(recorded.count == 2)
        #expect(recorded.map(\.body) == [recorded[0].body, recorded[0].body])
        // The second attempt is signed with the date after the 2 s wait, not the first's.
        #expect(
            recorded.map { $0.headers[RequestSignature.dateHeader.lowercased()] }
                == ["2026-01-01T00:00:00Z", "2026-01-01T00:00:02Z"])
        for sent in recorded {
            let date = try #require(sent.headers[RequestSignature.dateHeader.lowercased()])
            let signature = try #require(sent.headers[RequestSignature.signatureHeader.lowercased()])
            let message = RequestSignature.message(date: date, body: sent.body, subpath: sent.path)
            #expect(RequestSignature.verify(signature, message: message, with: key.publicKey))
        }
    }

    @Test func apiTokensTravelURLEncodedAndTheWebAuthTokenRotates() async throws {
        let server = ScriptedServer()
        server.script([ScriptedResponse(status: 200, body: "{\"records\": []}", headers: [CloudKitClient.webAuthTokenHeader: "next+2/="])])
        let (recorded, current) = try await server.run { url in
            let client = try testClient(
                url, credentials: .apiToken("api+tok/en=", webAuthToken: "web+1/="), database: .private)
            _ = try await client.lookup(LookupRequest(recordNames: ["a"]))
            _ = try await client.lookup(LookupRequest(recordNames: ["b"]))
            return (server.requests, client.currentWebAuthToken)
        }
        #expect(recorded.count == 2)
        #expect(recorded[0].path == "/database/1/iCloud.com.example.Test/development/private/records/lookup")
        #expect(recorded[0].query == "ckAPIToken=api%2Btok%2Fen%3D&ckWebAuthToken=web%2B1%2F%3D")
        #expect(recorded[1].query == "ckAPIToken=api%2Btok%2Fen%3D&ckWebAuthToken=next%2B2%2F%3D")
        #expect(current == "next+2/=")
        #expect(recorded[0].headers[RequestSignature.signatureHeader.lowercased()] == nil)
        #expect(recorded[0].headers[RequestSignature.keyIDHeader.lowercased()] == nil)
    }

    @Test func webAuthTokenRotatesFromTheBodyToo() async throws {
        let server = ScriptedServer()
        server.script([.ok("{\"records\": [], \"ckWebAuthToken\": \"from-body\"}")])
        let current = try await server.run { url in
            let client = try testClient(url, credentials: .apiToken("t", webAuthToken: "w"), database: .private)
            _ = try await client.lookup(LookupRequest(recordNames: ["a"]))
            return client.currentWebAuthToken
        }
        #expect(current == "from-body")
    }

    @Test func requestBodiesAreApplesShapes() async throws {
        let server = ScriptedServer()
        let modify = ModifyRequest(
            operations: [
                RecordOperation(
                    .forceReplace,
                    record: RecordDictionary(
                        recordName: "EGLL", recordType: "Airport",
                        fields: ["name": FieldDictionary(value: "Heathrow", type: WireFieldType(rawValue: "STRING"))])),
                RecordOperation(.forceDelete, record: RecordDictionary(recordName: "OLD")),
            ], zoneID: .defaultZone, atomic: false)
        let recorded = try await server.run { url in
            let client = try testClient(url, credentials: credentials)
            server.script([.ok("{\"records\": []}"), .ok("{\"records\": []}"), .ok("{\"zoneID\": {\"zoneName\": \"Sync\"}, \"records\": [], \"syncToken\": \"s\", \"moreComing\": false}")])
            _ = try await client.modify(modify)
            _ = try await client.lookup(LookupRequest(recordNames: ["EGLL", "LFPG"], zoneID: .defaultZone))
            _ = try await client.changes(ChangesRequest(zoneID: ZoneID(zoneName: "Sync"), syncToken: "abc"))
            return server.requests
        }
        #expect(recorded.map { $0.path.split(separator: "/").suffix(2).joined(separator: "/") }
            == ["records/modify", "records/lookup", "records/changes"])
        #expect(
            try json(String(decoding: recorded[0].body, as: UTF8.self))
                == json(
                    """
                    {"operations": [
                      {"operationType": "forceReplace",
                       "record": {"recordName": "EGLL", "recordType": "Airport",
                                  "fields": {"name": {"value": "Heathrow", "type": "STRING"}}}},
                      {"operationType": "forceDelete", "record": {"recordName": "OLD"}}],
                     "zoneID": {"zoneName": "_defaultZone"}, "atomic": false}
                    """))
        #expect(
            try json(String(decoding: recorded[1].body, as: UTF8.self))
                == json(
                    """
                    {"records": [{"recordName": "EGLL"}, {"recordName": "LFPG"}], "zoneID": {"zoneName": "_defaultZone"}}
                    """))
        #expect(
            try json(String(decoding: recorded[2].body, as: UTF8.self))
                == json(#"{"zoneID": {"zoneName": "Sync"}, "syncToken": "abc"}"#))
    }

    @Test func theDateFormatIsRequestSignatures() {
        for date in [Date(timeIntervalSince1970: 1_453_760_143), Date(timeIntervalSince1970: 1_453_760_143.987), Date()] {
            #expect(date.formatted(Coding.dateStyle) == RequestSignature.dateString(date))
        }
        #expect(Date(timeIntervalSince1970: 1_453_760_143).formatted(Coding.dateStyle) == "2016-01-25T22:15:43Z")
    }

    @Test func anEndpointWithAPathPrefixSignsFromDatabase() async throws {
        let server = ScriptedServer()
        let recorded = try await server.run { url in
            let client = try testClient(url.appendingPathComponent("ck"), credentials: credentials)
            _ = try await client.lookup(LookupRequest(recordNames: ["a"]))
            return server.requests
        }
        let sent = try #require(recorded.first)
        #expect(sent.path == "/ck/database/1/iCloud.com.example.Test/development/public/records/lookup")
        let date = try #require(sent.headers[RequestSignature.dateHeader.lowercased()])
        let signature = try #require(sent.headers[RequestSignature.signatureHeader.lowercased()])
        let message = RequestSignature.message(date: date, body: sent.body, subpath: String(sent.path.dropFirst(3)))
        #expect(RequestSignature.verify(signature, message: message, with: key.publicKey))
    }

    @Test func aBadEndpointIsRefusedUpFront() {
        #expect(throws: (any Error).self) {
            try testClient(URL(string: "ftp://example.com")!, credentials: credentials)
        }
    }
}
