import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

/// Two stores on one SQLite file, as two processes sharing a local remote have: each has its own
/// connection, so SQLite's file locks (not the queue) decide who writes; writers wait their turn.
@Suite("EmulatorStore: one file, several connections")
struct SharedFileTests {
    @Test func twoConnectionsWritingAtOnceBothSucceed() async throws {
        try await withStore { first, path in
            let second = try EmulatorStore(path: path)
            let stores = [first, second]
            try await withThrowingTaskGroup(of: [RecordResult].self) { group in
                for writer in 0..<2 {
                    for batch in 0..<20 {
                        group.addTask {
                            let records = (0..<200).map {
                                record(
                                    "w\(writer)-b\(batch)-\($0)", ["text": .string(String(repeating: "x", count: 200))])
                            }
                            return try await stores[writer].apply(.forceReplace, records)
                        }
                    }
                }
                for try await results in group {
                    #expect(
                        results.allSatisfy { $0.record != nil },
                        "\(results.compactMap(\.error).first.map { "\($0)" } ?? "")")
                }
            }
            #expect(try first.recordCount() == 8000)
            #expect(try second.recordCount() == 8000)
            // One change counter across both connections: no tag handed out twice.
            #expect(Set(try first.allRecords().compactMap(\.recordChangeTag)).count == 8000)
        }
    }
}
