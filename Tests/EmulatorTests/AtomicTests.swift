import CloudKitWeb
import Emulator
import Records
import Testing

@Suite("atomic modify")
struct AtomicTests {
    @Test func atomicHasNoEffectInTheDefaultZone() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("b"))
            let results = try await store.apply(.create, [record("a"), record("b"), record("c")], atomic: true)
            #expect(results.map(\.code) == [nil, .exists, nil])
            #expect(try store.recordCount() == 3)
        }
    }

    @Test func atomicInACustomZoneIsAllOrNothing() async throws {
        try await withStore { store in
            try store.createZone("Sync")
            _ = try await store.apply(.create, [record("b")], zone: "Sync")
            let results = try await store.apply(.create, [record("a"), record("b"), record("c")], atomic: true, zone: "Sync")
            #expect(results.map(\.code) == [.atomicError, .exists, .atomicError])
            #expect(results.map(\.recordName) == ["a", "b", "c"])
            #expect(try store.allRecords(zone: "Sync").map(\.recordName) == ["b"])
            // Nothing of the failed batch leaked: not the schema, not the change sequence.
            let changes = try await store.changes(ChangesRequest(zoneID: ZoneID(zoneName: "Sync")))
            #expect(changes.records.map(\.recordName) == ["b"])

            let fine = try await store.apply(.create, [record("a"), record("c")], atomic: true, zone: "Sync")
            #expect(fine.allSatisfy { $0.record != nil })
            #expect(try store.allRecords(zone: "Sync").map(\.recordName) == ["a", "b", "c"])
        }
    }

    @Test func nonAtomicInACustomZoneAppliesIndependently() async throws {
        try await withStore { store in
            try store.createZone("Sync")
            _ = try await store.apply(.create, [record("b")], zone: "Sync")
            let results = try await store.apply(.create, [record("a"), record("b")], atomic: false, zone: "Sync")
            #expect(results.map(\.code) == [nil, .exists])
            #expect(try store.allRecords(zone: "Sync").count == 2)
            #expect(try store.allRecords().isEmpty)
        }
    }

    @Test func zones() async throws {
        try await withStore { store in
            let created = try store.createZone("Sync")
            #expect(created.atomic == true)
            #expect(throws: CloudKitError.self) { try store.createZone("Sync") }
            let zones = try await store.listZones().zones
            #expect(zones.map(\.zoneID.zoneName) == ["Sync", "_defaultZone"])
            #expect(zones.map(\.atomic) == [true, false])
            #expect(zones.allSatisfy { $0.syncToken != nil })
        }
    }
}
