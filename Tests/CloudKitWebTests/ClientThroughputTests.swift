import Crypto
import Foundation
import Testing

@testable import CloudKitWeb

@Suite("CloudKitClient throughput")
struct ClientThroughputTests {
    /// 2,000 signed forceReplace operations in 200-operation batches, 4 in flight, to a loopback
    /// server answering 200 records each time: every answer arrives. Prints the rate; the rate's
    /// target (≥ 10,000 records/s, release build) is measured by Benchmarks/ (signed push to
    /// `cksync serve`), not here.
    @Test func batchesInFlightAllArrive() async throws {
        let batch = (0..<200).map { index in
            RecordOperation(
                .forceReplace,
                record: RecordDictionary(
                    recordName: "r\(index)", recordType: "Airport",
                    fields: [
                        "name": FieldDictionary(
                            value: .string("Airport number \(index)"), type: WireFieldType(rawValue: "STRING")),
                        "elevation": FieldDictionary(
                            value: .integer(Int64(index)), type: WireFieldType(rawValue: "INT64")),
                        "latitude": FieldDictionary(value: .double(51.47), type: WireFieldType(rawValue: "DOUBLE")),
                    ]))
        }
        let answer = ModifyResponse(
            records: batch.map {
                .record(
                    RecordDictionary(
                        recordName: $0.record.recordName, recordType: "Airport", recordChangeTag: "t1",
                        fields: $0.record.fields))
            })
        let server = ScriptedServer(fallback: .ok(String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)))
        let key = ServerToServerKey(keyID: "k", privateKey: P256.Signing.PrivateKey())
        let (elapsed, results) = try await server.run { url in
            let client = try testClient(url, credentials: .serverToServer(key))
            let started = ContinuousClock.now
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                var sent = 0
                var results = 0
                for _ in 0..<4 {
                    group.addTask {
                        try await client.modify(ModifyRequest(operations: batch, atomic: false)).records.count
                    }
                    sent += 1
                }
                while let count = try await group.next() {
                    results += count
                    if sent < 10 {
                        group.addTask {
                            try await client.modify(ModifyRequest(operations: batch, atomic: false)).records.count
                        }
                        sent += 1
                    }
                }
                return results
            }
            return (started.duration(to: .now), results)
        }
        #expect(results == 2_000)
        let seconds = Double(RetryPolicy.nanoseconds(elapsed)) / 1e9
        print(
            "CloudKitClient: 2,000 signed records in \(String(format: "%.2f", seconds)) s, "
                + "\(Int(2_000 / seconds)) records/s (server in the same process)")
    }
}
