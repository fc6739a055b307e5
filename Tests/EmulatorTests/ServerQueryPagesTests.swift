import CloudKitWeb
import Crypto
import Foundation
import Testing

@Suite("Query pages over HTTP")
struct ServerQueryPagesTests {
    /// The HTTP client's pipelined pages are the pages `query` gives one after the other.
    @Test func pipelinedPagesAreTheSerialPages() async throws {
        try await TestServer.run { server in
            for batch in 0..<5 {
                let operations = (0..<200).map { index in
                    RecordOperation(
                        .create,
                        record: RecordDictionary(
                            recordName: String(format: "r%04d", batch * 200 + index), recordType: "Item",
                            fields: [
                                "n": FieldDictionary(value: .double(Double(batch * 200 + index) / 7), type: .double)
                            ]))
                }
                #expect(try await server.signed("records/modify", ModifyRequest(operations: operations)).status == 200)
            }
            let client = try CloudKitClient(
                configuration: .init(
                    endpoint: URL(string: "http://127.0.0.1:\(server.port)")!, container: TestServer.container,
                    environment: .development, database: .public,
                    credentials: .serverToServer(ServerToServerKey(keyID: TestServer.keyID, privateKey: server.key))))
            let request = QueryRequest(query: Query(recordType: "Item"), resultsLimit: 150)
            var serial: [QueryResponse] = []
            var next = request
            repeat {
                let page = try await client.query(next)
                serial.append(page)
                next.continuationMarker = page.continuationMarker
            } while next.continuationMarker != nil
            var pipelined: [QueryResponse] = []
            try await client.queryPages(request) { pipelined.append($0) }
            #expect(serial.count == 7)
            #expect(pipelined == serial)
            #expect(pipelined.flatMap(\.records).map(\.recordName) == (0..<1000).map { String(format: "r%04d", $0) })
        }
    }

    /// A request-level failure of any page ends the paging with it.
    @Test func aFailingPageEndsThePaging() async throws {
        try await TestServer.run { server in
            let client = try CloudKitClient(
                configuration: .init(
                    endpoint: URL(string: "http://127.0.0.1:\(server.port)")!, container: TestServer.container,
                    environment: .development, database: .public,
                    credentials: .serverToServer(ServerToServerKey(keyID: TestServer.keyID, privateKey: server.key))))
            await #expect(throws: CloudKitError.self) {
                try await client.queryPages(QueryRequest(query: Query(recordType: "Unknown"))) { _ in }
            }
        }
    }
}
