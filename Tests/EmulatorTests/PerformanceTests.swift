import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

/// Timing run by hand, never an assertion:
/// `CKSYNC_PERF_EMULATOR=100000 swift test -c release --filter EmulatorPerformance`
@Suite("Emulator performance (CKSYNC_PERF_EMULATOR=<records>)")
struct EmulatorPerformance {
    static let records = Int(ProcessInfo.processInfo.environment["CKSYNC_PERF_EMULATOR"] ?? "") ?? 0

    /// forceReplace of `records` new records, then of the same records again, in 200-operation
    /// requests with four in flight (as a push applies them); then one query and one changes walk.
    @Test(.enabled(if: records > 0)) func forceReplaceBatches() async throws {
        try await withStore { store in
            for round in 0..<2 {
                let requests = Self.requests(round: round)
                let seconds = try await Self.time {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        var pending = requests.makeIterator()
                        for _ in 0..<4 {
                            if let request = pending.next() { group.addTask { try await Self.apply(request, store) } }
                        }
                        while try await group.next() != nil {
                            if let request = pending.next() { group.addTask { try await Self.apply(request, store) } }
                        }
                    }
                }
                print("\(round == 0 ? "create" : "replace"): \(Self.records) forceReplace, \(requests.count) requests: \(seconds)")
            }
            let query = try await Self.time { _ = try await store.queryAll(Query(recordType: "City")) }
            print("query of every record, 200 per page: \(query)")
            #expect(try store.recordCount() == Self.records)
        }
    }

    static func apply(_ request: ModifyRequest, _ store: EmulatorStore) async throws {
        let results = try await store.modify(request).records
        #expect(results.allSatisfy { $0.error == nil })
    }

    static func requests(round: Int) -> [ModifyRequest] {
        stride(from: 0, to: records, by: 200).map { start in
            ModifyRequest(
                operations: (start..<min(start + 200, records)).map { index in
                    let record = Record(
                        type: "City", name: "city-\(index)",
                        fields: [
                            "name": .string("City \(index), round \(round)"), "population": .int64(Int64(index * 37)),
                            "elevation": .double(Double(index % 4000) + 0.5),
                            "location": .location(Location(latitude: Double(index % 90), longitude: Double(index % 180))),
                            "country": .string("C\(index % 200)"), "updated": .timestamp(1_700_000_000_000 + Int64(round)),
                        ])
                    return RecordOperation(.forceReplace, record: RecordDictionary(record))
                })
        }
    }

    static func time(_ body: () async throws -> Void) async throws -> String {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return String(format: "%.2f s (%.0f records/s)", seconds, Double(records) / seconds)
    }
}
