import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

@Suite("EmulatorStore: file, concurrency, values")
struct StoreTests {
    @Test func reopensTheSameFile() async throws {
        try await withStore { store, path in
            let tag = try await store.apply(.create, record("EGLL", ["name": .string("Heathrow")])).tag
            let reopened = try EmulatorStore(path: path)
            let records = try reopened.allRecords()
            #expect(records.map(\.recordName) == ["EGLL"])
            #expect(records[0].recordChangeTag == tag)
            #expect(try reopened.recordCount() == 1)
        }
    }

    @Test func concurrentBatches() async throws {
        try await withStore { store in
            try await withThrowingTaskGroup(of: [RecordResult].self) { group in
                for batch in 0..<8 {
                    group.addTask {
                        try await store.apply(.forceReplace, (0..<200).map { record("b\(batch)-\($0)", ["n": .int64(Int64($0))]) })
                    }
                }
                for try await results in group { #expect(results.allSatisfy { $0.record != nil }) }
            }
            #expect(try store.recordCount() == 1600)
            let tags = try store.allRecords().compactMap(\.recordChangeTag)
            #expect(Set(tags).count == 1600)
        }
    }

    /// Every kind of value is stored and read back exactly.
    @Test func valuesSurviveStorage() async throws {
        try await withStore { store in
            let fields: [String: FieldValue] = [
                "s": .string("Zürich \"q\" \n"), "i": .int64(Int64.min), "j": .int64(Int64.max), "d": .double(0.1),
                "t": .timestamp(1_464_000_000_000), "b": .bytes([0, 1, 255]),
                "r": .reference(Reference(recordName: "x", action: .deleteSelf)),
                "l": .location(Location(latitude: 51.4706, longitude: -0.461941)),
                "sl": .list(elementType: .string, []), "dl": .list(elementType: .double, [.double(1), .double(2.5)]),
            ]
            _ = try await store.apply(.create, record("a", fields))
            let stored = try #require(try store.allRecords().first)
            #expect(try Record(stored) == Record(type: "Airport", name: "a", fields: fields))
        }
    }
}
