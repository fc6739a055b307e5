import CloudKitWeb
import Emulator
import Foundation
import NIOHTTP1
import Records
import Testing

@Suite("cksync serve: records and zones")
struct ServerRecordTests {
    @Test("modify then query answers Apple's shapes")
    func modifyQueryRoundTrip() async throws {
        try await TestServer.run { server in
            // As MistKit sends it: untyped fields, no zoneID, atomic false.
            let modify = try await server.signed(
                "records/modify",
                """
                {"atomic": false, "operations": [
                  {"operationType": "create", "record": {"recordType": "Artist", "recordName": "Mei Chen",
                    "fields": {"firstName": {"value": "Mei"}, "age": {"value": 41}}}},
                  {"operationType": "forceDelete", "record": {"recordName": "never-there"}}
                ]}
                """)
            #expect(modify.status == 200)
            let records = try #require(try modify.json["records"] as? [[String: Any]])
            #expect(records.count == 2)
            #expect(records[0]["recordName"] as? String == "Mei Chen")
            #expect(records[0]["recordType"] as? String == "Artist")
            #expect((records[0]["recordChangeTag"] as? String)?.isEmpty == false)
            let fields = try #require(records[0]["fields"] as? [String: [String: Any]])
            #expect(fields["firstName"]?["type"] as? String == "STRING")
            #expect(fields["age"]?["type"] as? String == "INT64")
            #expect(fields["age"]?["value"] as? Int == 41)
            #expect((records[0]["created"] as? [String: Any])?["timestamp"] is Int)
            #expect(records[1]["serverErrorCode"] as? String == "NOT_FOUND")
            #expect(records[1]["recordName"] as? String == "never-there")

            let query = try await server.signed(
                "records/query", #"{"zoneID": {"zoneName": "_defaultZone"}, "query": {"recordType": "Artist"}}"#)
            #expect(query.status == 200)
            let page = try query.decode(QueryResponse.self)
            #expect(page.records.map(\.recordName) == ["Mei Chen"])
            #expect(page.continuationMarker == nil)
            #expect(page.records.first?.fields?["firstName"]?.value == .string("Mei"))

            let lookup = try await server.signed("records/lookup", #"{"records": [{"recordName": "Mei Chen"}]}"#)
            #expect(try lookup.decode(LookupResponse.self).records.first?.record?.recordType == "Artist")
        }
    }

    @Test("1,000 records page through continuationMarker")
    func paging() async throws {
        try await TestServer.run { server in
            for batch in 0..<5 {
                let operations = (0..<200).map { index in
                    RecordOperation(
                        .create,
                        record: RecordDictionary(
                            recordName: String(format: "r%04d", batch * 200 + index), recordType: "Item",
                            fields: ["n": FieldDictionary(value: .integer(Int64(batch * 200 + index)), type: .int64)]))
                }
                let reply = try await server.signed("records/modify", ModifyRequest(operations: operations))
                #expect(reply.status == 200)
            }
            var names: [String] = []
            var marker: String?
            var pages = 0
            repeat {
                let reply = try await server.signed(
                    "records/query",
                    QueryRequest(query: Query(recordType: "Item"), resultsLimit: 300, continuationMarker: marker))
                #expect(reply.status == 200)
                let page = try reply.decode(QueryResponse.self)
                #expect(page.records.count <= 200)
                names += page.records.compactMap(\.recordName)
                marker = page.continuationMarker
                pages += 1
            } while marker != nil
            #expect(pages == 5)
            #expect(names.count == 1000)
            #expect(Set(names).count == 1000)
        }
    }

    @Test("201 operations are rejected whole with 400 BAD_REQUEST")
    func tooManyOperations() async throws {
        try await TestServer.run { server in
            let operations = (0...200).map { index in
                RecordOperation(.create, record: RecordDictionary(recordName: "r\(index)", recordType: "Item"))
            }
            let reply = try await server.signed("records/modify", ModifyRequest(operations: operations))
            #expect(reply.isCloudKitError(.badRequest))
            #expect(try server.store.recordCount() == 0)

            let lookup = try await server.signed(
                "records/lookup", LookupRequest(recordNames: (0...200).map { "r\($0)" }))
            #expect(lookup.isCloudKitError(.badRequest))
        }
    }

    @Test(
        "unknown operations, environments and databases",
        arguments: [
            ("records/frobnicate", "development", "public", ServerErrorCode.notFound),
            ("tokens/create", "development", "public", .notFound),
            ("records/query", "Development", "public", .badRequest),
            ("records/query", "staging", "public", .badRequest),
            ("records/query", "development", "secret", .badRequest),
        ])
    func unknownPaths(operation: String, environment: String, database: String, code: ServerErrorCode)
        async throws
    {
        try await TestServer.run(allowUnsigned: true) { server in
            let path = TestServer.path(operation, database: database, environment: environment)
            let reply = try await server.send(path: path, body: Data(#"{"query": {"recordType": "A"}}"#.utf8))
            #expect(reply.isCloudKitError(code))
        }
    }

    @Test("a path outside /database/1 answers 404 NOT_FOUND with CloudKit's body")
    func outsideDatabase() async throws {
        try await TestServer.run { server in
            let reply = try await server.send(.GET, path: "/nothing/here")
            #expect(reply.isCloudKitError(.notFound))
        }
    }

    @Test("malformed JSON, a body of the wrong shape and an oversized body are 400 BAD_REQUEST")
    func badBodies() async throws {
        try await TestServer.run { server in
            let broken = try await server.signed("records/query", #"{"query": {"recordType": "#)
            #expect(broken.isCloudKitError(.badRequest))
            let wrong = try await server.signed("records/modify", #"{"operations": 5}"#)
            #expect(wrong.isCloudKitError(.badRequest))
            let huge = String(repeating: " ", count: ServerConfiguration.maxRequestBodyBytes + 1) + "{}"
            let oversized = try await server.signed("records/modify", huge)
            #expect(oversized.isCloudKitError(.badRequest))
        }
    }

    @Test("the Content-Type is ignored")
    func contentTypeIgnored() async throws {
        try await TestServer.run { server in
            let path = TestServer.path("records/lookup")
            let body = Data(#"{"records": [{"recordName": "x"}]}"#.utf8)
            var headers = try server.signatureHeaders(body: body, path: path)
            headers.append(("Content-Type", "text/plain"))
            let reply = try await server.send(path: path, body: body, headers: headers)
            #expect(reply.status == 200)
        }
    }

    @Test("zones/list answers GET and POST; the public database has only _defaultZone")
    func zonesList() async throws {
        try await TestServer.run { server in
            try server.store.createZone("Private")
            for method in [HTTPMethod.GET, .POST] {
                let reply = try await server.signed("zones/list", "", method: method)
                #expect(reply.status == 200)
                let zones = try reply.decode(ZoneListResponse.self).zones
                #expect(zones.map(\.zoneID.zoneName) == ["_defaultZone"])
                #expect(zones.first?.syncToken != nil)
            }
            let lookup = try await server.signed(
                "zones/lookup", #"{"zones": [{"zoneName": "_defaultZone"}, {"zoneName": "Nope"}]}"#)
            let zones = try #require(try lookup.json["zones"] as? [[String: Any]])
            #expect((zones[0]["zoneID"] as? [String: Any])?["zoneName"] as? String == "_defaultZone")
            #expect(zones[1]["serverErrorCode"] as? String == "ZONE_NOT_FOUND")
            let query = try await server.signed(
                "records/query", #"{"zoneID": {"zoneName": "Private"}, "query": {"recordType": "A"}}"#)
            #expect(query.isCloudKitError(.zoneNotFound))
        }
    }

    @Test("records/changes: custom zones of the private database only")
    func changes() async throws {
        try await TestServer.run(allowUnsigned: true) { server in
            let inPublic = try await server.send(
                path: TestServer.path("records/changes"), body: Data(#"{"zoneID": {"zoneName": "Sync"}}"#.utf8))
            #expect(inPublic.isCloudKitError(.badRequest))
            let defaultZone = try await server.send(
                path: TestServer.path("records/changes", database: "private"),
                body: Data(#"{"zoneID": {"zoneName": "_defaultZone"}}"#.utf8))
            #expect(defaultZone.isCloudKitError(.badRequest))

            let create = try await server.send(
                path: TestServer.path("zones/modify", database: "private"),
                body: Data(
                    #"{"operations": [{"operationType": "create", "zone": {"zoneID": {"zoneName": "Sync"}}}]}"#.utf8))
            #expect(create.status == 200)
            let modify = try await server.send(
                path: TestServer.path("records/modify", database: "private"),
                body: Data(
                    #"{"zoneID": {"zoneName": "Sync"}, "operations": [{"operationType": "create", "record": {"recordType": "A", "recordName": "a1"}}]}"#
                        .utf8))
            #expect(modify.status == 200)
            let changes = try await server.send(
                path: TestServer.path("records/changes", database: "private"),
                body: Data(#"{"zoneID": {"zoneName": "Sync"}}"#.utf8))
            #expect(changes.status == 200)
            let response = try changes.decode(ChangesResponse.self)
            #expect(response.records.map(\.recordName) == ["a1"])
            #expect(response.moreComing == false)
        }
    }
}
