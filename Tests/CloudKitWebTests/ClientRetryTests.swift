import Crypto
import Foundation
import TestSupport
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
        let clock = TestClock()
        let count = try await server.run { url in
            _ = try await testClient(url, credentials: credentials, clock: clock).modify(ModifyRequest(operations: []))
            return server.requests.count
        }
        #expect(count == 2)
        // retryAfter, plus up to the base delay (10 ms) of jitter.
        let waits = clock.sleeps
        #expect(waits.count == 1)
        #expect(waits.allSatisfy { $0 >= .seconds(1) && $0 <= .milliseconds(1010) }, "\(waits)")
    }

    @Test func retryAfterHeaderIsHonoured() async throws {
        let server = ScriptedServer()
        server.script([ScriptedResponse(status: 503, body: "", headers: ["Retry-After": "2"])])
        let clock = TestClock()
        let count = try await server.run { url in
            _ = try await testClient(url, credentials: credentials, clock: clock).modify(ModifyRequest(operations: []))
            return server.requests.count
        }
        #expect(count == 2)
        let waits = clock.sleeps
        #expect(waits.count == 1)
        #expect(waits.allSatisfy { $0 >= .seconds(2) && $0 <= .milliseconds(2010) }, "\(waits)")
    }

    /// Full-jitter exponential back-off: each wait is at most base × 2^(attempt − 1), capped at
    /// the largest delay; the give-up message counts the time waited on the client's clock.
    @Test func backOffDoublesUpToItsCap() async throws {
        let server = ScriptedServer(fallback: ScriptedResponse(status: 503, body: ""))
        let clock = TestClock()
        let retry = RetryPolicy(
            maxAttempts: 8, maxTotalTime: .seconds(60), baseDelay: .milliseconds(100), maxDelay: .milliseconds(800))
        let (error, count) = try await server.run { url in
            let client = try testClient(url, credentials: credentials, retry: retry, clock: clock)
            let error = await #expect(throws: CloudKitError.self) {
                try await client.lookup(LookupRequest(recordNames: ["a"]))
            }
            return (error, server.requests.count)
        }
        #expect(count == 8)
        let waits = clock.sleeps
        let ceilings: [Duration] = [100, 200, 400, 800, 800, 800, 800].map { .milliseconds($0) }
        #expect(waits.count == ceilings.count)
        for (wait, ceiling) in zip(waits, ceilings) {
            #expect(wait >= .zero && wait <= ceiling, "\(waits)")
        }
        let waited = waits.reduce(Duration.zero, +)
        let seconds = String(format: "%.1f", Double(RetryPolicy.nanoseconds(waited) / 1_000_000) / 1000)
        #expect(
            error?.description.hasSuffix("gave up after 8 attempts in \(seconds) s") == true,
            "\(String(describing: error))")
    }

    /// No retry starts whose wait would end past the total time. The times are long, so that
    /// an attempt's own timeout (the rest of the total time, on real time) never matters here.
    @Test func noRetryIsMadeThatWouldEndPastTheTotalTime() async throws {
        let server = ScriptedServer(fallback: .error(503, "TRY_AGAIN_LATER", retryAfter: 100))
        let clock = TestClock()
        let retry = RetryPolicy(maxAttempts: 100, maxTotalTime: .seconds(350), baseDelay: .milliseconds(1))
        let (error, count) = try await server.run { url in
            let client = try testClient(url, credentials: credentials, retry: retry, clock: clock)
            let error = await #expect(throws: CloudKitError.self) {
                try await client.lookup(LookupRequest(recordNames: ["a"]))
            }
            return (error, server.requests.count)
        }
        // 100 s three times; a fourth wait would end past 350 s.
        #expect(count == 4)
        #expect(clock.sleeps.count == 3)
        #expect(clock.sleeps.allSatisfy { $0 >= .seconds(100) && $0 <= .milliseconds(100_001) }, "\(clock.sleeps)")
        #expect(
            error?.description.hasSuffix("gave up after 4 attempts in 300.0 s") == true, "\(String(describing: error))")
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
        let server = ScriptedServer(fallback: .error(429, "THROTTLED", retryAfter: 120))
        let clock = TestClock()
        let (error, count) = try await server.run { url in
            let client = try testClient(
                url, credentials: credentials, retry: RetryPolicy(maxAttempts: 8, maxTotalTime: .seconds(60)),
                clock: clock)
            let error = await #expect(throws: CloudKitError.self) {
                try await client.lookup(LookupRequest(recordNames: ["a"]))
            }
            return (error, server.requests.count)
        }
        // A 120 s wait would end past the 60 s limit: no wait, one attempt.
        #expect(count == 1)
        #expect(clock.sleeps.isEmpty)
        #expect(error?.serverErrorCode == .throttled)
        #expect(error?.retryAfter == 120)
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
        let server = ScriptedServer(
            fallback: ScriptedResponse(status: 403, body: "<html>\n<h1>Forbidden</h1>\n</html>"))
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
        let refusing = try RefusingPort()
        defer { refusing.release() }
        let port = refusing.port
        let clock = TestClock()
        let client = try testClient(
            URL(string: "http://127.0.0.1:\(port)")!, credentials: credentials,
            retry: RetryPolicy(maxAttempts: 2, maxTotalTime: .seconds(20), baseDelay: .milliseconds(10)),
            connectTimeout: .milliseconds(500), clock: clock)
        let error = await #expect(throws: CloudKitError.self) {
            try await client.lookup(LookupRequest(recordNames: ["a"]))
        }
        #expect(error?.serverErrorCode == .networkError)
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("gave up after 2 attempts") == true)
        // The fast-failure wait for an unreachable server, not the back-off.
        #expect(clock.sleeps == [.milliseconds(250)])
    }

    /// A reset is not "unreachable": the server was there, so the full back-off applies.
    @Test func resetConnectionsAreTransientNotUnreachable() async throws {
        let server = try DroppingServer(drops: 100, reset: true, answer: "")
        defer { server.stop() }
        let clock = TestClock()
        let client = try testClient(
            URL(string: "http://127.0.0.1:\(server.port)")!, credentials: credentials, clock: clock)
        let error = await #expect(throws: CloudKitError.self) {
            try await client.lookup(LookupRequest(recordNames: ["a"]))
        }
        #expect(server.connections == 4)
        #expect(error?.serverErrorCode == .networkError)
        #expect(error?.reason?.contains(CloudKitClient.connectionRefused) == false, "\(String(describing: error))")
        #expect(clock.sleeps.count == 3)
        #expect(clock.sleeps.allSatisfy { $0 <= .milliseconds(50) }, "\(clock.sleeps)")
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
