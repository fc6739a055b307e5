import CloudKitWeb
import Emulator
import Records
import Testing

@Suite("records/query")
struct QueryTests {
    /// Creates `count` airports named `A000`, `A002`, … (even numbers) with `n` = the number.
    func seed(_ store: EmulatorStore, count: Int, type: String = "Airport") async throws {
        for start in stride(from: 0, to: count, by: 200) {
            let batch = (start..<min(start + 200, count)).map { index in
                // Names are unique per zone whatever the type: other types get a prefix.
                let recordName = (type == "Airport" ? "" : type) + name(index * 2)
                return record(recordName, type: type, ["n": .int64(Int64(index * 2)), "code": .string(name(index * 2))])
            }
            let results = try await store.apply(.create, batch)
            #expect(results.allSatisfy { $0.record != nil })
        }
    }

    func name(_ index: Int) -> String {
        "A" + String(repeating: "0", count: 4 - String(index).count) + String(index)
    }

    @Test func pagesOf200WithConcurrentWritesOfOtherNames() async throws {
        try await withStore { store in
            try await seed(store, count: 450)
            try await seed(store, count: 30, type: "City")
            let query = Query(recordType: "Airport")
            var seen: [String] = []
            var marker: String?
            var pages = 0
            repeat {
                let page = try await store.query(QueryRequest(query: query, resultsLimit: 200, continuationMarker: marker))
                #expect(page.records.count <= 200)
                seen += page.records.map(\.recordName)
                marker = page.continuationMarker
                pages += 1
                // Between pages others insert odd names and delete names that were never there
                // unchanged: new names before and after the cursor, deletions of odd names.
                let odd = (0..<20).map { record(name(pages * 40 + $0 * 2 + 1), ["n": .int64(-1)]) }
                _ = try await store.apply(.forceReplace, odd)
                _ = try await store.apply(.forceDelete, Array(odd.prefix(10)))
            } while marker != nil
            #expect(pages == 3)
            let even = seen.filter { Int($0.dropFirst())! % 2 == 0 }
            #expect(even == (0..<450).map { name($0 * 2) })
            #expect(Set(seen).count == seen.count)
            #expect(seen == seen.sorted())
        }
    }

    @Test func defaultAndClampedLimits() async throws {
        try await withStore { store in
            try await seed(store, count: 250)
            let first = try await store.query(QueryRequest(query: Query(recordType: "Airport")))
            #expect(first.records.count == 200)
            #expect(first.continuationMarker != nil)
            let clamped = try await store.query(QueryRequest(query: Query(recordType: "Airport"), resultsLimit: 1000))
            #expect(clamped.records.count == 200)
            let all = try await store.queryAll(Query(recordType: "Airport"), limit: 100)
            #expect(all.count == 250)
            let exact = try await store.query(QueryRequest(query: Query(recordType: "Airport"), resultsLimit: 250))
            #expect(exact.records.count == 200)
        }
    }

    @Test func unknownRecordTypeIsBadRequest() async throws {
        try await withStore { store in
            let error = try await #require(throws: CloudKitError.self) {
                try await store.query(QueryRequest(query: Query(recordType: "Airport")))
            }
            #expect(error.serverErrorCode == .badRequest)
            #expect(error.reason == "Did not find record type: Airport")
            #expect(error.description == "records/query BAD_REQUEST (reason: Did not find record type: Airport)")
            // Once written, the type exists even with every record deleted.
            _ = try await store.apply(.create, record("a"))
            _ = try await store.apply(.forceDelete, record("a"))
            #expect(try await store.query(QueryRequest(query: Query(recordType: "Airport"))).records.isEmpty)
        }
    }

    @Test func foreignMarkerIsBadRequest() async throws {
        try await withStore { store in
            try await seed(store, count: 3)
            try await seed(store, count: 3, type: "City")
            let page = try await store.query(QueryRequest(query: Query(recordType: "Airport"), resultsLimit: 1))
            let marker = try #require(page.continuationMarker)
            await #expect(throws: CloudKitError.self) {
                try await store.query(QueryRequest(query: Query(recordType: "City"), continuationMarker: marker))
            }
            await #expect(throws: CloudKitError.self) {
                try await store.query(QueryRequest(query: Query(recordType: "City"), continuationMarker: "garbage"))
            }
        }
    }

    static let filters: [(Filter, [Int])] = [
        (Filter(.equals, fieldName: "n", fieldValue: FieldDictionary(value: 4)), [4]),
        (Filter(.notEquals, fieldName: "n", fieldValue: FieldDictionary(value: 4)), [0, 2, 6, 8]),
        (Filter(.lessThan, fieldName: "n", fieldValue: FieldDictionary(value: 4)), [0, 2]),
        (Filter(.lessThanOrEquals, fieldName: "n", fieldValue: FieldDictionary(value: 4)), [0, 2, 4]),
        (Filter(.greaterThan, fieldName: "n", fieldValue: FieldDictionary(.int64(4))), [6, 8]),
        (Filter(.greaterThanOrEquals, fieldName: "n", fieldValue: FieldDictionary(value: 4.5)), [6, 8]),
        (Filter(.in, fieldName: "n", fieldValue: FieldDictionary(value: [2, 8])), [2, 8]),
        (Filter(.notIn, fieldName: "n", fieldValue: FieldDictionary(value: [2, 8])), [0, 4, 6]),
        (Filter(.beginsWith, fieldName: "code", fieldValue: FieldDictionary(value: "A000")), [0, 2, 4, 6, 8]),
        (Filter(.equals, systemFieldName: "recordName", fieldValue: FieldDictionary(value: "A0006")), [6]),
        (Filter(.greaterThan, fieldName: "recordName", fieldValue: FieldDictionary(value: ["recordName": "A0004"], type: .reference)), [6, 8]),
        (Filter(.in, systemFieldName: "recordName", fieldValue: FieldDictionary(value: ["A0000", "A0002"])), [0, 2]),
    ]

    @Test(arguments: filters)
    func filter(filter: Filter, expected: [Int]) async throws {
        try await withStore { store in
            try await seed(store, count: 5)
            let records = try await store.queryAll(Query(recordType: "Airport", filterBy: [filter]))
            #expect(records.map(\.recordName) == expected.map(name))
        }
    }

    @Test func filtersAreAndedAndPaged() async throws {
        try await withStore { store in
            try await seed(store, count: 300)
            let query = Query(recordType: "Airport", filterBy: [
                Filter(.greaterThanOrEquals, fieldName: "n", fieldValue: FieldDictionary(value: 100)),
                Filter(.lessThan, fieldName: "n", fieldValue: FieldDictionary(value: 400)),
            ])
            let records = try await store.queryAll(query, limit: 7)
            #expect(records.count == 150)
            #expect(records.first?.recordName == name(100))
        }
    }

    @Test func filterErrors() async throws {
        try await withStore { store in
            try await seed(store, count: 2)
            let cases = [
                Filter(.near, fieldName: "n", fieldValue: FieldDictionary(value: 1)),
                Filter(.equals, fieldName: "missing", fieldValue: FieldDictionary(value: 1)),
                Filter(.equals, fieldName: "n", fieldValue: FieldDictionary(value: "x")),
                Filter(.equals, systemFieldName: "creatorUserRecordID", fieldValue: FieldDictionary(value: "x")),
            ]
            for filter in cases {
                let error = try await #require(throws: CloudKitError.self) {
                    try await store.query(QueryRequest(query: Query(recordType: "Airport", filterBy: [filter])))
                }
                #expect(error.serverErrorCode == .badRequest)
                #expect(error.operation == "records/query")
            }
        }
    }

    @Test func sortedQueryPagesByOffset() async throws {
        try await withStore { store in
            try await seed(store, count: 450)
            let query = Query(recordType: "Airport", sortBy: [Sort(fieldName: "n", ascending: false)])
            let records = try await store.queryAll(query, limit: 200)
            #expect(records.map(\.recordName) == (0..<450).reversed().map { name($0 * 2) })
        }
    }

    @Test func desiredKeys() async throws {
        try await withStore { store in
            try await seed(store, count: 2)
            let page = try await store.query(QueryRequest(query: Query(recordType: "Airport"), desiredKeys: ["code"]))
            #expect(page.records.allSatisfy { $0.fields?.keys.sorted() == ["code"] })
            let none = try await store.query(QueryRequest(query: Query(recordType: "Airport"), desiredKeys: []))
            #expect(none.records.allSatisfy { $0.fields?.isEmpty == true && $0.recordChangeTag != nil })
        }
    }
}
