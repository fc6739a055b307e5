import AsyncHTTPClient
import CloudKitWeb
import Emulator
import Foundation
import NIOHTTP1
import TestSupport
import Testing

@Suite("cksync serve: injected faults")
struct ServerFaultTests {
    static let create =
        #"{"operations": [{"operationType": "create", "record": {"recordType": "A", "recordName": "a"}}]}"#

    @Test("--fault-throttle 1.0: every request is 429 THROTTLED with a retryAfter, nothing applied")
    func throttle() async throws {
        try await TestServer.run(faults: FaultConfiguration(throttle: 1, seed: 1)) { server in
            for _ in 0..<5 {
                let reply = try await server.signed("records/modify", Self.create)
                #expect(reply.isCloudKitError(.throttled))
                let retryAfter = try #require(try reply.json["retryAfter"] as? Double)
                #expect((0.1...1).contains(retryAfter))
            }
            #expect(try server.store.recordCount() == 0)
        }
    }

    @Test("--fault-unavailable 1.0: every request is 503 TRY_AGAIN_LATER")
    func unavailable() async throws {
        try await TestServer.run(faults: FaultConfiguration(unavailable: 1)) { server in
            let reply = try await server.signed("records/modify", Self.create)
            #expect(reply.isCloudKitError(.tryAgainLater))
            #expect(try reply.json["retryAfter"] is Double)
            #expect(try server.store.recordCount() == 0)
        }
    }

    @Test("--fault-drop 1.0: the client sees a closed connection; after applying, the store changed")
    func drop() async throws {
        // Find seeds whose first draw drops before, and after, applying.
        var seeds: [Fault: UInt64] = [:]
        for seed in UInt64(0)..<64 where seeds.count < 2 {
            let fault = FaultInjector(configuration: FaultConfiguration(drop: 1, seed: seed)).next()
            if let fault, seeds[fault] == nil { seeds[fault] = seed }
        }
        for (fault, seed) in seeds {
            try await TestServer.run(faults: FaultConfiguration(drop: 1, seed: seed)) { server in
                let error = await #expect(throws: HTTPClientError.self) {
                    _ = try await server.signed("records/modify", Self.create)
                }
                #expect(error == .remoteConnectionClosed, "\(fault)")
                let applied = try server.store.recordCount()
                #expect(applied == (fault == .dropAfterApplying ? 1 : 0), "\(fault)")
            }
        }
        #expect(Set(seeds.keys) == [.dropBeforeApplying, .dropAfterApplying])
    }

    @Test("the same --fault-seed replays the same faults")
    func seeded() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            try await TestServer.run(faults: FaultConfiguration(throttle: 0.3, unavailable: 0.3, seed: seed)) {
                server in
                var statuses: [Int] = []
                for _ in 0..<24 {
                    statuses.append(try await server.signed("zones/list", "", method: .GET).status)
                }
                return statuses
            }
        }
        let first = try await statuses(seed: 42)
        let again = try await statuses(seed: 42)
        #expect(again == first)
        #expect(Set(first) == [200, 429, 503])
        let other = try await statuses(seed: 7)
        #expect(other != first)
    }

    @Test("--latency delays every answer")
    func latency() async throws {
        let clock = TestClock()
        let statuses = try await TestServer.run(faults: FaultConfiguration(latencyMilliseconds: 150), clock: clock) {
            server in
            [
                try await server.signed("zones/list", "", method: .GET).status,
                try await server.signed("zones/list", "", method: .GET).status,
            ]
        }
        #expect(statuses == [200, 200])
        #expect(clock.sleeps == [.milliseconds(150), .milliseconds(150)])
    }
}
