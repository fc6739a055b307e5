import Crypto
import Foundation
import Testing

@testable import CloudKitWeb

@Suite("CloudKitClient retries and errors")
struct ClientRetryTests {
    let credentials = CloudKitCredentials.serverToServer(
        ServerToServerKey(keyID: "key-1", privateKey: P256.Signing.PrivateKey()))

    @Test func twoServiceUnavailablesThenSuccess() async throws {
        let server = ScriptedServer()
        server.script([.error(503, "TRY_AGAIN_LATER"), ScriptedResponse(status: 503, body: "<html>busy</html>")])
        let (response, count) = try await server.run { url in
            let client = try testClient(url, credentials: credentials)
            return (try await client.lookup(LookupRequest(recordNames: ["a"])), server.requests.count)
        }
        #expect(response.records.isEmpty)
        #expect(count == 3)
    }

    @Test(arguments: [429, 500, 502, 504])
    func transientStatusesAreRetried(status: Int) async throws {
        let server = ScriptedServer()
        server.script([ScriptedResponse(status: status, body: "")])
        let count = try await server.run { url in
            _ = try await testClient(url, credentials: credentials).query(QueryRequest(query: Query(recordType: "T")))
            return server.requests.count
        }
        #expect(count == 2)
    }

    @Test func throttledWithRetryAfterWaitsThatLong() async throws {
        let server = ScriptedServer()
        server.script([.error(429, "THROTTLED", retryAfter: 1)])
        let recorded = try await server.run { url in
            _ = try await testClient(url, credentials: credentials).modify(ModifyRequest(operations: []))
            return server.requests
        }
        #expect(recorded.count == 2)
        let waited = recorded[0].received.duration(to: recorded[1].received)
        #expect(waited >= .seconds(1))
        #expect(waited < .seconds(3))
    }

    @Test func retryAfterHeaderIsHonoured() async throws {
        let server = ScriptedServer()
        server.script([ScriptedResponse(status: 503, body: "", headers: ["Retry-After": "1"])])
        let recorded = try await server.run { url in
            _ = try await testClient(url, credentials: credentials).modify(ModifyRequest(operations: []))
            return server.requests
        }
        #expect(recorded.count == 2)
        #expect(recorded[0].received.duration(to: recorded[1].received) >= .seconds(1))
    }

    @Test func exhaustedAttemptsThrowTheLastError() async throws {
        let server = ScriptedServer(fallback: .error(503, "TRY_AGAIN_LATER", reason: "busy"))
        let (error, count) = try await server.run { url in
            let client = try testClient(url, credentials: credentials)
            let error = await #expect(throws: CloudKitError.self) {
                try await client.modify(ModifyRequest(operations: []))
            }
            return (error, server.requests.count)
        }
        #expect(count == 4)
        let thrown = try #require(error)
        #expect(thrown.serverErrorCode == .tryAgainLater)
        #expect(thrown.httpStatus == 503)
        #expect(thrown.operation == "records/modify")
        #expect(thrown.uuid == "u-503")
        #expect(thrown.description.contains("records/modify TRY_AGAIN_LATER"))
        #expect(thrown.description.contains("gave up after 4 attempts"))
    }

    @Test func totalTimeBoundsRetries() async throws {
        let server = ScriptedServer(fallback: .error(429, "THROTTLED", retryAfter: 5))
        let started = ContinuousClock.now
        let (error, count) = try await server.run { url in
            let client = try testClient(
                url, credentials: credentials, retry: RetryPolicy(maxAttempts: 8, maxTotalTime: .seconds(2)))
            let error = await #expect(throws: CloudKitError.self) {
                try await client.lookup(LookupRequest(recordNames: ["a"]))
            }
            return (error, server.requests.count)
        }
        #expect(count == 1)
        #expect(started.duration(to: .now) < .seconds(2))
        #expect(error?.serverErrorCode == .throttled)
        #expect(error?.retryAfter == 5)
    }

    @Test func requestErrorsThatCannotBeRetriedThrowAtOnce() async throws {
        let server = ScriptedServer(fallback: .error(400, "BAD_REQUEST", reason: "Did not find record type: Airport"))
        let (error, count) = try await server.run { url in
            let client = try testClient(url, credentials: credentials)
            let error = await #expect(throws: CloudKitError.self) {
                try await client.query(QueryRequest(query: Query(recordType: "Airport")))
            }
            return (error, server.requests.count)
        }
        #expect(count == 1)
        #expect(error?.serverErrorCode == .badRequest)
        #expect(error?.reason == "Did not find record type: Airport")
        #expect(error?.description == "records/query BAD_REQUEST (reason: Did not find record type: Airport)")
    }

    @Test func aNonJSONErrorBodyGivesTheStatusAndAnExcerpt() async throws {
        let server = ScriptedServer(fallback: ScriptedResponse(status: 403, body: "<html>\n<h1>Forbidden</h1>\n</html>"))
        let error = try await server.run { url in
            await #expect(throws: CloudKitError.self) {
                try await testClient(url, credentials: credentials).lookup(LookupRequest(recordNames: ["a"]))
            }
        }
        #expect(error?.httpStatus == 403)
        #expect(error?.serverErrorCode == .accessDenied)
        #expect(error?.reason?.contains("HTTP 403") == true)
        #expect(error?.reason?.contains("<html> <h1>Forbidden</h1> </html>") == true)
    }

    @Test func anUndecodableSuccessIsAnError() async throws {
        let server = ScriptedServer(fallback: .ok("{\"records\": 7}"))
        let error = try await server.run { url in
            await #expect(throws: CloudKitError.self) {
                try await testClient(url, credentials: credentials).lookup(LookupRequest(recordNames: ["a"]))
            }
        }
        #expect(error?.serverErrorCode == .unknownError)
        #expect(error?.httpStatus == 200)
        #expect(error?.description.contains("records/lookup") == true)
    }

    @Test func perRecordErrorsInsideA200AreReturned() async throws {
        let server = ScriptedServer(
            fallback: .ok(
                """
                {"records": [
                  {"recordName": "A", "recordType": "T", "recordChangeTag": "t2"},
                  {"recordName": "B", "serverErrorCode": "THROTTLED", "reason": "slow down", "retryAfter": 2},
                  {"recordName": "C", "serverErrorCode": "CONFLICT", "reason": "modified", "uuid": "x"}]}
                """))
        let (response, count) = try await server.run { url in
            let response = try await testClient(url, credentials: credentials).modify(ModifyRequest(operations: []))
            return (response, server.requests.count)
        }
        #expect(count == 1)
        #expect(response.records.count == 3)
        #expect(response.records[0].record?.recordChangeTag == "t2")
        #expect(response.records[1].error?.serverErrorCode == .throttled)
        #expect(response.records[1].error?.retryAfter == 2)
        #expect(response.records[2].error?.serverErrorCode == .conflict)
    }

    @Test func droppedConnectionsAreRetried() async throws {
        let server = try DroppingServer(drops: 2, answer: "{\"records\": []}")
        defer { server.stop() }
        let client = try testClient(URL(string: "http://127.0.0.1:\(server.port)")!, credentials: credentials)
        let response = try await client.lookup(LookupRequest(recordNames: ["a"]))
        #expect(response.records.isEmpty)
        #expect(server.connections == 3)
    }

    @Test func droppedConnectionsUntilTheEndThrowANetworkError() async throws {
        let server = try DroppingServer(drops: 100, answer: "")
        defer { server.stop() }
        let client = try testClient(URL(string: "http://127.0.0.1:\(server.port)")!, credentials: credentials)
        let error = await #expect(throws: CloudKitError.self) {
            try await client.lookup(LookupRequest(recordNames: ["a"]))
        }
        #expect(server.connections == 4)
        #expect(error?.serverErrorCode == .networkError)
        #expect(error?.httpStatus == 0)
        #expect(error?.description.contains("gave up after 4 attempts") == true)
    }

    @Test func connectionRefusedIsRetriedThenReported() async throws {
        let port = try closedPort()
        let client = try testClient(
            URL(string: "http://127.0.0.1:\(port)")!, credentials: credentials,
            retry: RetryPolicy(maxAttempts: 2, maxTotalTime: .seconds(20), baseDelay: .milliseconds(10)),
            connectTimeout: .milliseconds(500))
        let started = ContinuousClock.now
        let error = await #expect(throws: CloudKitError.self) {
            try await client.lookup(LookupRequest(recordNames: ["a"]))
        }
        #expect(error?.serverErrorCode == .networkError)
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("gave up after 2 attempts") == true)
        #expect(started.duration(to: .now) < .seconds(10))
    }

    @Test func parallelRequestsWork() async throws {
        let server = ScriptedServer()
        let count = try await server.run { url in
            let client = try testClient(url, credentials: credentials)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        _ = try await client.modify(
                            ModifyRequest(operations: [
                                RecordOperation(.forceDelete, record: RecordDictionary(recordName: "r\(index)"))
                            ]))
                    }
                }
                try await group.waitForAll()
            }
            return server.requests.count
        }
        #expect(count == 16)
    }
}
