import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

/// `cksync serve` refuses record names and types that break CloudKit's rules (the reader's own
/// `RecordNameRules`), so a NUL cannot cut a name short and reach another record (issue 10, point 5).
@Suite("cksync serve: invalid names and types")
struct ServerInvalidNameTests {
    static func modify(_ kind: String, _ name: String, type: String = "T") -> String {
        #"{"operations": [{"operationType": "\#(kind)", "record": {"recordName": "\#(name)", "recordType": "\#(type)", "fields": {"n": {"value": 2}}}}]}"#
    }

    @Test func namesWithANULAreBadRequestsAndTheirPrefixIsUntouched() async throws {
        try await TestServer.run { server in
            #expect(try await server.signed("records/modify", Self.modify("create", "victim")).status == 200)
            let before = try server.store.scoped(
                to: DatabasePath(container: TestServer.container, environment: .development, database: .public)
            ).allRecords()
            for (kind, name) in [
                ("forceReplace", #"victim\u0000evil"#), ("forceDelete", #"victim\u0000zzz"#), ("create", "_sys"),
                ("create", #"Z\u00fcrich"#), ("create", String(repeating: "n", count: 1000)),
            ] {
                let reply = try await server.signed("records/modify", Self.modify(kind, name))
                #expect(reply.status == 200)
                let records = try #require(try reply.json["records"] as? [[String: Any]])
                #expect(records[0]["serverErrorCode"] as? String == "BAD_REQUEST", "\(kind) \(name)")
            }
            let lookup = try await server.signed(
                "records/lookup", #"{"records": [{"recordName": "victim\u0000x"}, {"recordName": "victim"}]}"#)
            let records = try #require(try lookup.json["records"] as? [[String: Any]])
            #expect(records[0]["serverErrorCode"] as? String == "BAD_REQUEST")
            #expect(records[1]["recordChangeTag"] as? String == before[0].recordChangeTag)
            let after = try server.store.scoped(
                to: DatabasePath(container: TestServer.container, environment: .development, database: .public)
            ).allRecords()
            #expect(after == before)
        }
    }

    @Test func typesWithANULAreBadRequestsInModifyAndQuery() async throws {
        try await TestServer.run { server in
            #expect(try await server.signed("records/modify", Self.modify("create", "a")).status == 200)
            let modify = try await server.signed("records/modify", Self.modify("create", "b", type: #"T\u0000x"#))
            let records = try #require(try modify.json["records"] as? [[String: Any]])
            #expect(records[0]["serverErrorCode"] as? String == "BAD_REQUEST")
            let query = try await server.signed("records/query", #"{"query": {"recordType": "T\u0000x"}}"#)
            #expect(query.isCloudKitError(.badRequest))
            #expect(try server.store.recordCount() == 1)
        }
    }
}
