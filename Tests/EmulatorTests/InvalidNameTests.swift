import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

/// Record names and types the reader would refuse are refused by the store too (BAD_REQUEST):
/// a NUL must not cut a name short and reach another record.
@Suite("EmulatorStore: invalid names and types")
struct InvalidNameTests {
    static let badNames = ["victim\u{0}evil", "_sys", "Zürich", String(repeating: "n", count: 256), "tab\tname"]

    @Test(arguments: badNames)
    func modifyRefusesTheNameAndLeavesOtherRecordsAlone(_ name: String) async throws {
        try await withStore { store in
            let victim = try #require(try await store.apply(.create, record("victim", ["n": .int64(1)])).tag)
            for kind in [OperationType.create, .forceReplace, .forceUpdate, .forceDelete] {
                let result = try await store.apply(kind, record(name, ["n": .int64(2)]))
                #expect(result.code == .badRequest, "\(kind)")
                #expect(result.error?.reason?.contains("invalid recordName") == true, "\(kind)")
            }
            let records = try store.allRecords()
            #expect(records.map(\.recordName) == ["victim"])
            #expect(records[0].recordChangeTag == victim)
        }
    }

    @Test func lookupRefusesTheNamePerRecord() async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("victim", ["n": .int64(1)]))
            let answer = try await store.lookup(
                LookupRequest(records: [
                    LookupRequest.Entry(recordName: "victim\u{0}x"), LookupRequest.Entry(recordName: "victim"),
                ]))
            #expect(answer.records[0].code == .badRequest)
            #expect(answer.records[1].record?.recordName == "victim")
        }
    }

    @Test(arguments: ["T\u{0}x", "_T", "9T", "T-x", "Tÿ", ""])
    func typesBreakingCloudKitsRuleAreRefused(_ type: String) async throws {
        try await withStore { store in
            _ = try await store.apply(.create, record("a", type: "T", ["n": .int64(1)]))
            let result = try await store.apply(.create, record("b", type: type, ["n": .int64(1)]))
            #expect(result.code == .badRequest)
            let error = await #expect(throws: CloudKitError.self) {
                try await store.query(QueryRequest(query: Query(recordType: type)))
            }
            #expect(error?.serverErrorCode == .badRequest)
            #expect(try store.recordCount() == 1)
        }
    }
}
