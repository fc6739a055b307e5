import CloudKitWeb
import Emulator
import Foundation
import Records
import TestSupport
import Testing

@Suite("records/modify")
struct ModifyTests {
    @Test func createReturnsTheFullRecord() async throws {
        try await withStore { store, path in
            #expect(FileManager.default.fileExists(atPath: path))
            let result = try await store.apply(
                .create, record("EGLL", ["name": .string("Heathrow"), "elevation": .int64(83)]))
            let created = try #require(result.record)
            #expect(created.recordType == "Airport")
            #expect(created.recordChangeTag?.isEmpty == false)
            #expect(created.fields?["elevation"] == FieldDictionary(value: 83, type: .int64))
            #expect(created.created?.userRecordName == "_cksync")
            #expect(created.created == created.modified)
            #expect(created.zoneID?.zoneName == "_defaultZone")
            #expect(try store.recordCount() == 1)
        }
    }

    @Test func createExistingIsExists() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("EGLL"))
            let again = try await store.apply(.create, record("EGLL"))
            #expect(again.code == .exists)
            #expect(again.recordName == "EGLL")
        }
    }

    @Test func createWithoutNameGetsAUUID() async throws {
        try await withStore { store in
            let result = try await store.apply(.create, record(""))
            let name = try #require(result.record?.recordName)
            #expect(UUID(uuidString: name) != nil)
        }
    }

    @Test(arguments: [OperationType.create, .forceUpdate, .forceReplace])
    func creatingWithoutTypeIsBadRequest(kind: OperationType) async throws {
        try await withStore { store in
            let result = try await store.apply(kind, record("EGLL", type: nil))
            #expect(result.code == .badRequest)
            #expect(result.error?.reason?.contains("recordType") == true)
        }
    }

    @Test func everyWriteChangesTheTag() async throws {
        try await withStore { store in
            var tags: [String] = []
            tags.append(try #require(try await store.apply(.create, record("a", ["x": .int64(1)])).tag))
            tags.append(try #require(try await store.apply(.update, record("a", tag: tags.last, ["x": .int64(2)])).tag))
            tags.append(try #require(try await store.apply(.forceUpdate, record("a", ["x": .int64(3)])).tag))
            tags.append(
                try #require(try await store.apply(.replace, record("a", tag: tags.last, ["x": .int64(4)])).tag))
            tags.append(try #require(try await store.apply(.forceReplace, record("a", ["x": .int64(5)])).tag))
            #expect(Set(tags).count == tags.count)
            let lookedUp = try await store.lookup(LookupRequest(recordNames: ["a"])).records[0].record
            #expect(lookedUp?.recordChangeTag == tags.last)
            #expect(lookedUp?.fields?["x"]?.value == 5)
        }
    }

    @Test func updateMergesAndReplaceRemoves() async throws {
        try await withStore { store in
            let fields: [String: FieldValue] = ["name": .string("Heathrow"), "elevation": .int64(83)]
            let a = try #require(try await store.apply(.create, record("a", fields)).tag)
            let b = try #require(try await store.apply(.create, record("b", fields)).tag)
            let updated = try await store.apply(.update, record("a", tag: a, ["elevation": .int64(84)])).record
            #expect(updated?.fields?.keys.sorted() == ["elevation", "name"])
            #expect(updated?.fields?["elevation"]?.value == 84)
            let replaced = try await store.apply(.replace, record("b", tag: b, ["elevation": .int64(84)])).record
            #expect(replaced?.fields?.keys.sorted() == ["elevation"])
            let forced = try await store.apply(.forceUpdate, record("b", ["name": .string("x")])).record
            #expect(forced?.fields?.keys.sorted() == ["elevation", "name"])
            let forceReplaced = try await store.apply(.forceReplace, record("b", ["name": .string("y")])).record
            #expect(forceReplaced?.fields?.keys.sorted() == ["name"])
        }
    }

    @Test func createdSurvivesUpdates() async throws {
        let clock = TestClock()
        try await withStore(now: clock.dates) { store in
            let first = try #require(try await store.apply(.create, record("a")).record)
            clock.advance(by: .milliseconds(5))
            let later = try #require(try await store.apply(.forceReplace, record("a", ["x": .int64(1)])).record)
            #expect(later.created == first.created)
            // The store's clock stamps every write: 2026-01-01T00:00:00Z, then 5 ms later.
            #expect(first.created?.timestamp == 1_767_225_600_000)
            #expect(later.modified?.timestamp == 1_767_225_600_005)
        }
    }

    @Test(arguments: [OperationType.update, .replace, .delete])
    func staleTagIsConflict(kind: OperationType) async throws {
        try await withStore { store in
            let old = try #require(try await store.apply(.create, record("EGLL", ["x": .int64(1)])).tag)
            _ = try await store.apply(.forceUpdate, record("EGLL", ["x": .int64(2)]))
            let result = try await store.apply(kind, record("EGLL", tag: old, ["x": .int64(3)]))
            #expect(result.code == .conflict)
            let error = try #require(result.error).error(operation: "records/modify", recordType: "Airport")
            #expect(error.description.hasPrefix("records/modify CONFLICT for Airport/EGLL (reason: record to"))
            let current = try await store.lookup(LookupRequest(recordNames: ["EGLL"])).records[0].record
            #expect(current?.fields?["x"]?.value == 2)
        }
    }

    @Test(arguments: [OperationType.update, .replace, .delete, .forceDelete])
    func missingRecordIsNotFound(kind: OperationType) async throws {
        try await withStore { (store: EmulatorStore) async throws in
            #expect(try await store.apply(kind, record("nope", tag: "1")).code == .notFound)
        }
    }

    @Test(arguments: [OperationType.update, .replace])
    func tagIsRequired(kind: OperationType) async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("a"))
            let result = try await store.apply(kind, record("a"))
            #expect(result.code == .badRequest)
            #expect(result.error?.reason?.contains("recordChangeTag") == true)
        }
    }

    @Test func forceOperationsCreateMissingRecords() async throws {
        try await withStore { (store: EmulatorStore) async throws in
            #expect(try await store.apply(.forceUpdate, record("a", ["x": .int64(1)])).record != nil)
            #expect(try await store.apply(.forceReplace, record("b", ["x": .int64(1)])).record != nil)
            #expect(try store.recordCount() == 2)
        }
    }

    @Test func deleteAndForceDelete() async throws {
        try await withStore { store in
            let tag = try #require(try await store.apply(.create, record("a")).tag)
            _ = try await store.apply(.create, record("b"))
            let deleted = try await store.apply(.delete, record("a", tag: tag))
            #expect(deleted == .record(RecordDictionary(recordName: "a", deleted: true)))
            #expect(try await store.apply(.forceDelete, record("b")) == .record(.deletion("b")))
            // A retried forceDelete meets its own earlier success (protocol §11).
            #expect(try await store.apply(.forceDelete, record("b")).code == .notFound)
            #expect(try store.recordCount() == 0)
            // A deleted name can be created again.
            #expect(try await store.apply(.create, record("a")).record != nil)
        }
    }

    @Test func moreThan200OperationsIsARequestError() async throws {
        try await withStore { store in
            let records = (0..<201).map { record("r\($0)") }
            let error = try await #require(throws: CloudKitError.self) {
                try await store.apply(.create, records)
            }
            #expect(error.serverErrorCode == .badRequest)
            #expect(error.httpStatus == 400)
            #expect(error.description.hasPrefix("records/modify BAD_REQUEST (reason: 201 operations"))
            #expect(try store.recordCount() == 0)
            #expect(try await store.apply(.create, Array(records.prefix(200))).count == 200)
        }
    }

    @Test func resultsInRequestOrderWithPerRecordErrors() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("b"))
            let results = try await store.modify(
                ModifyRequest(operations: [
                    RecordOperation(.create, record: record("a")),
                    RecordOperation(.create, record: record("b")),
                    RecordOperation(.update, record: record("c", tag: "x")),
                    RecordOperation(.forceDelete, record: record("b")),
                    RecordOperation(.forceReplace, record: record("a")),
                ])
            ).records
            #expect(results.map(\.recordName) == ["a", "b", "c", "b", "a"])
            #expect(results.map(\.code) == [nil, .exists, .notFound, .badRequest, .badRequest])
            #expect(results[3].error?.reason?.contains("more than one operation") == true)
        }
    }

    @Test func typeMismatchIsBadRequestNamingTheField() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("a", ["elevation": .int64(83)]))
            let result = try await store.apply(.create, record("b", ["elevation": .string("high")]))
            #expect(result.code == .badRequest)
            #expect(
                result.error?.reason
                    == "invalid attempt to set value type STRING for field 'elevation' for type 'Airport', defined to be: INT64"
            )
            #expect(try store.fieldTypes(of: "Airport") == ["elevation": .int64])
            // The same field name in another type is another schema.
            let other = try await store.apply(.create, record("c", type: "City", ["elevation": .string("high")]))
            #expect(other.record != nil)
        }
    }

    @Test func untypedValuesFollowTheSchema() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("a", ["score": .double(2.5), "when": .timestamp(5)]))
            var untyped = RecordDictionary(recordName: "b", recordType: "Airport")
            untyped.fields = [
                "score": FieldDictionary(value: 3), "when": FieldDictionary(value: 7), "n": FieldDictionary(value: 1),
            ]
            let created = try #require(try await store.apply(.create, untyped).record)
            #expect(created.fields?["score"] == FieldDictionary(.double(3)))
            #expect(created.fields?["when"] == FieldDictionary(.timestamp(7)))
            #expect(created.fields?["n"] == FieldDictionary(.int64(1)))
            #expect(try store.fieldTypes(of: "Airport")?["n"] == .int64)
        }
    }

    @Test func recordTypeCannotChange() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("a"))
            let result = try await store.apply(.forceReplace, record("a", type: "City"))
            #expect(result.code == .badRequest)
        }
    }

    @Test func desiredKeysFilterResults() async throws {
        try await withStore { store in
            let results = try await store.apply(
                .create, [record("a", ["x": .int64(1), "y": .int64(2)])], desiredKeys: ["y"])
            #expect(results[0].record?.fields?.keys.sorted() == ["y"])
            let perOperation = try await store.modify(
                ModifyRequest(
                    operations: [RecordOperation(.forceUpdate, record: record("a"), desiredKeys: ["x"])],
                    desiredKeys: ["y"]))
            #expect(perOperation.records[0].record?.fields?.keys.sorted() == ["x"])
        }
    }

    @Test func unknownZone() async throws {
        try await withStore { store in
            let error = try await #require(throws: CloudKitError.self) {
                try await store.apply(.create, [record("a")], zone: "Nowhere")
            }
            #expect(error.serverErrorCode == .zoneNotFound)
            #expect(error.httpStatus == 404)
            var elsewhere = record("b")
            elsewhere.zoneID = ZoneID(zoneName: "Nowhere")
            #expect(try await store.apply(.create, elsewhere).code == .zoneNotFound)
        }
    }
}
