import CloudKitWeb
import Emulator
import Records
import Testing

@Suite("records/lookup and records/changes")
struct LookupAndChangesTests {
    @Test func lookupInOrderWithNotFound() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, [record("a", ["x": .int64(1), "y": .int64(2)]), record("c")])
            _ = try await store.apply(.forceDelete, record("c"))
            let results = try await store.lookup(
                LookupRequest(
                    records: [.init(recordName: "a"), .init(recordName: "b"), .init(recordName: "c"),
                              .init(recordName: "a", desiredKeys: ["x"])],
                    desiredKeys: ["y"])
            ).records
            #expect(results.map(\.recordName) == ["a", "b", "c", "a"])
            #expect(results.map(\.code) == [nil, .notFound, .notFound, nil])
            #expect(results[0].record?.fields?.keys.sorted() == ["y"])
            #expect(results[3].record?.fields?.keys.sorted() == ["x"])
        }
    }

    @Test func lookupOf201NamesIsBadRequest() async throws {
        try await withStore { store in
            let error = try await #require(throws: CloudKitError.self) {
                try await store.lookup(LookupRequest(recordNames: (0..<201).map { "r\($0)" }))
            }
            #expect(error.serverErrorCode == .badRequest)
        }
    }

    @Test func changesWithTokensAndDeletions() async throws {
        try await withStore { store in
            let first = try await store.changes(ChangesRequest())
            #expect(first.records.isEmpty && !first.moreComing)

            let tags = try await store.apply(.create, (0..<5).map { record("r\($0)", ["n": .int64(Int64($0))]) }).map(\.tag)
            let all = try await store.changes(ChangesRequest(syncToken: first.syncToken))
            #expect(all.records.map(\.recordName) == ["r0", "r1", "r2", "r3", "r4"])
            #expect(all.records.map(\.recordChangeTag) == tags)
            #expect(all.zoneID.zoneName == "_defaultZone")

            _ = try await store.apply(.delete, record("r1", tag: tags[1]))
            _ = try await store.apply(.forceUpdate, record("r3", ["n": .int64(30)]))
            let since = try await store.changes(ChangesRequest(syncToken: all.syncToken))
            #expect(since.records == [.deletion("r1"), try #require(since.records.last)])
            #expect(since.records.last?.fields?["n"]?.value == 30)

            let none = try await store.changes(ChangesRequest(syncToken: since.syncToken))
            #expect(none.records.isEmpty && !none.moreComing && none.syncToken == since.syncToken)
        }
    }

    @Test func changesPageWithMoreComing() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, (0..<7).map { record("r\($0)") })
            _ = try await store.apply(.create, [record("c", type: "City")])
            var names: [String] = []
            var token: String?
            var pages = 0
            while true {
                let page = try await store.changes(
                    ChangesRequest(syncToken: token, resultsLimit: 3, desiredRecordTypes: ["Airport"]))
                names += page.records.map(\.recordName)
                token = page.syncToken
                pages += 1
                if !page.moreComing { break }
            }
            #expect(names == (0..<7).map { "r\($0)" })
            #expect(pages == 3)
        }
    }

    @Test func badTokensAndZones() async throws {
        try await withStore { store in
            try store.createZone("Sync")
            let token = try await store.changes(ChangesRequest(zoneID: ZoneID(zoneName: "Sync"))).syncToken
            let foreign = try await #require(throws: CloudKitError.self) {
                try await store.changes(ChangesRequest(syncToken: token))
            }
            #expect(foreign.serverErrorCode == .badRequest)
            await #expect(throws: CloudKitError.self) { try await store.changes(ChangesRequest(syncToken: "%%%")) }
            let missing = try await #require(throws: CloudKitError.self) {
                try await store.changes(ChangesRequest(zoneID: ZoneID(zoneName: "Nope")))
            }
            #expect(missing.serverErrorCode == .zoneNotFound)
        }
    }
}
