import CloudKitWeb
import Foundation
import Records
import Synchronization
import TestSupport
import Testing

@testable import Sync

/// Issue 10 (9): batches are cut by bytes as well as by count; a record too large for any
/// request fails alone, naming it, and the rest of its batch still reaches the server.
@Suite struct BatchLimitTests {
    /// Upserts whose records carry strings of many lengths, quotes and control characters included
    /// (each escapes to more bytes than it takes), so sizes differ from what a count would guess.
    static func operations(count: Int, seed: UInt64) -> [PlannedOperation] {
        var random = SplitMix64(seed: seed)
        func next() -> UInt64 { random.next() }
        let alphabet: [Character] = ["a", "é", "\"", "\u{1}", "\n", "z", "\\", "€"]
        return (0..<count).map { index in
            let length = Int(next() % 3000)
            let text = String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
            let record = Record(
                type: "T", name: "r\(index)", fields: ["text": .string(text), "n": .int64(Int64(index))])
            return PlannedOperation(kind: .upsert(record), planned: .new, type: "T", name: record.name)
        }
    }

    @Test(arguments: [1, 2, 3])
    func everyRequestStaysUnderTheBodyLimitAndEveryOperationIsCutOnce(seed: UInt64) throws {
        var operations = Self.operations(count: 400, seed: seed)
        let huge = Record(type: "T", name: "huge", fields: ["text": .string(String(repeating: "\u{2}", count: 4000))])
        operations.insert(PlannedOperation(kind: .upsert(huge), planned: .new, type: "T", name: "huge"), at: 123)
        let limit = 16 * 1024
        var remaining = operations.makeIterator()
        var cutter = BatchCutter(count: operations.count, maxOperations: 200, maxBytes: limit) { remaining.next()! }
        var covered: [Int] = []
        var refused: [String] = []
        while let batch = try cutter.nextBatch() {
            switch batch {
            case .request(let range, let cut, let wire):
                #expect(cut.map(\.name) == operations[range].map(\.name))
                #expect(!wire.isEmpty)
                #expect(wire.map(\.record.recordName) == operations[range].map(\.name))
                let body = try ModifyRequest(
                    operations: wire, zoneID: ZoneID(zoneName: String(repeating: "z", count: 255)), atomic: false,
                    desiredKeys: []
                ).jsonBytes()
                #expect(body.count <= limit)
                covered += Array(range)
            case .refused(let index, _, let message):
                covered.append(index)
                refused.append(message)
            }
        }
        #expect(covered == Array(0..<operations.count))
        // The cheap bound the cutter trusts never undercounts, for every kind of value.
        let mixed = Record(
            type: "T", name: "mixed\u{1}\"",
            fields: [
                "d": .double(-2.2250738585072014e-308), "i": .int64(.min), "t": .timestamp(-1),
                "b": .bytes([0, 1, 2, 255]),
                "l": .location(Location(latitude: -89.123456789, longitude: 179.987654321)),
                "r": .reference(Reference(recordName: "\u{7}x", action: .deleteSelf)),
                "s": .list(elementType: .double, [.double(1e300), .double(-0.1), .double(5e-324)]),
            ])
        let replace = PlannedOperation(
            kind: .replace(mixed, tag: "t\u{1}"), planned: .updated, type: "T", name: mixed.name)
        let delete = PlannedOperation(kind: .delete(tag: "\"\"\""), planned: .deleted, type: "T", name: "\u{1f}")
        for operation in operations + [replace, delete] {
            let wire = operation.wireOperation
            #expect(try wire.jsonByteBound.map { $0 >= (try wire.jsonByteCount()) } ?? true)
        }
        #expect(refused.count == 1)
        #expect(refused.first?.hasPrefix("T/huge: not sent: the record takes ") == true)
        #expect(
            refused.first?.hasSuffix(
                " bytes in a records/modify request, more than the 16384 bytes a request may carry") == true)
    }

    @Test func withoutABodyLimitOnlyTheCountCuts() throws {
        let operations = Self.operations(count: 450, seed: 9)
        var remaining = operations.makeIterator()
        var cutter = BatchCutter(count: operations.count, maxOperations: 200, maxBytes: nil) { remaining.next()! }
        var sizes: [Int] = []
        while case .request(let range, _, _)? = try cutter.nextBatch() { sizes.append(range.count) }
        #expect(sizes == [200, 200, 50])
    }

    @Test func anOversizedRecordFailsAloneAndTheRestOfItsBatchArrives() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.cleanUp() }
        let long = String(repeating: "Heathrow ", count: 1500)
        try workspace.edit(
            "data/airports.csv", replacing: "EGLL,LHR,London Heathrow Airport,", with: "EGLL,LHR,\(long),")
        let opened = try workspace.open()
        let remote = Remote(
            name: "local", identity: "local test", database: try workspace.store(),
            zone: ZoneID(zoneName: "_defaultZone"), maxRequestBytes: 8 * 1024)
        let syncer = Syncer(workspace: opened, remote: remote)
        let batches = Mutex(0)
        let plan = try await syncer.planPush(refresh: false, deleteOrphans: false)
        let result = try await syncer.apply(
            plan, options: ApplyOptions(), kind: "push", extraTrailers: [],
            progress: { progress in batches.withLock { $0 = progress.batchesDone } })
        #expect(result.new == 66)
        #expect(result.failures.count == 1)
        #expect(result.failures.first?.hasPrefix("Airport/EGLL: not sent: the record takes ") == true)
        #expect(result.failures.first?.hasSuffix("more than the 8192 bytes a request may carry") == true)
        // 67 records of a few hundred bytes in 6 KiB requests: several batches though 200 were allowed.
        #expect(batches.withLock { $0 } > 3)
        let held = try await workspace.remoteRecords()
        #expect(held.count == 66)
        #expect(held["EGLL"] == nil)
        #expect(held["EGKK"] != nil)
    }
}
