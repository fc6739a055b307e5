import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

/// Issue 10: a seeded soak of push, prune-orphans and rollback through `cksync serve` with every
/// fault kind (throttling, 503s, dropped connections, half of them after the write landed) and a
/// conflicting writer; after each step the server must hold exactly the expected records, read
/// straight from the server's store and compared with the test's own model of the data.
@Suite("Soak through cksync serve with faults")
struct SoakTests {
    /// The airports the data file holds: icao → (name, elevation).
    typealias Model = [String: (name: String, elevation: Int64)]

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static func write(_ model: Model, to workspace: URL) throws {
        var csv = "icao,iata,name,city,country,lat,lon,elevation_ft,timezone,aliases,runways\n"
        for (icao, row) in model.sorted(by: { $0.key < $1.key }) {
            csv += "\(icao),,\(row.name),Town,US,10.5,1.5,\(row.elevation),UTC,,1\n"
        }
        try csv.write(to: workspace.appendingPathComponent("data/airports.csv"), atomically: true, encoding: .utf8)
    }

    /// The server's airports, read from its store file, not through cksync.
    static func serverAirports(_ store: EmulatorStore) throws -> Model {
        var held: Model = [:]
        for record in try store.allRecords() where record.recordType == "Airport" {
            let name = try record.fields?["name"].map { try FieldValue(wire: $0) }
            let elevation = try record.fields?["elevation"].map { try FieldValue(wire: $0, schemaType: .int64) }
            guard case .string(let text)? = name, case .int64(let value)? = elevation else {
                Issue.record("\(record.recordName) lacks a name or an elevation")
                continue
            }
            held[record.recordName] = (text, value)
        }
        return held
    }

    static func expectHolds(_ model: Model, _ store: EmulatorStore, _ step: String) throws {
        let held = try serverAirports(store)
        #expect(Set(held.keys) == Set(model.keys), "\(step): record names differ")
        let differing = model.filter { key, row in held[key].map { $0 != row } ?? false }
        #expect(differing.isEmpty, "\(step): \(differing.count) records differ: \(differing.keys.sorted().prefix(5))")
        #expect(try store.allRecords().count { $0.recordType == "Place" } == 31, "\(step): places")
    }

    @Test(arguments: [3, 17, 101] as [UInt64])
    func pushPruneAndRollbackConvergeUnderFaults(seed: UInt64) async throws {
        let setup = try await ServeTests.Setup(faults: [
            "--fault-throttle", "0.1", "--fault-unavailable", "0.05", "--fault-drop", "0.05", "--fault-seed", "\(seed)",
        ])
        var random = Generator(state: seed)
        var model: Model = [:]
        for index in 0..<120 { model[String(format: "S%03d", index)] = ("Field \(index)", Int64(index)) }
        try Self.write(model, to: setup.workspace)
        let store = try setup.serverStore()
        let apply = "--yes --batch-size 20 --concurrency 3"

        let first = try await setup.run("push \(apply)")
        #expect(first.exitCode == 0, "\(first.stdout)\(first.stderr)")
        try Self.expectHolds(model, store, "first push")
        let firstSnapshot = try await setup.cli.git("--git-dir example/.cksync/repo rev-parse refs/heads/main")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let initial = model

        // Edits, deletions and additions in the data; another writer changes records on the server.
        var removed: [String] = []
        for icao in model.keys.sorted() {
            switch random.next(100) {
            case 0..<15: model[icao]?.name += " v\(seed)"
            case 15..<23:
                model[icao] = nil
                removed.append(icao)
            default: break
            }
        }
        for index in 0..<10 { model[String(format: "N%03d", index)] = ("New \(index)", Int64(1000 + index)) }
        try Self.write(model, to: setup.workspace)
        let theirs = model.keys.sorted().filter { _ in random.next(100) < 5 }
        _ = try await store.modify(
            ModifyRequest(
                operations: theirs.map { icao in
                    RecordOperation(
                        .forceUpdate,
                        record: RecordDictionary(
                            recordName: icao, recordType: "Airport",
                            fields: ["name": FieldDictionary(.string("theirs"))]))
                }))

        let push = try await setup.run("push \(apply) --on-conflict overwrite")
        #expect(push.exitCode == 0, "\(push.stdout)\(push.stderr)")
        let prune = try await setup.run("prune-orphans \(apply)")
        #expect(prune.exitCode == 0, "\(prune.stdout)\(prune.stderr)")
        #expect(prune.stdout.contains("\(removed.count) deleted"), "\(prune.stdout)")
        // The other writer's changes to records the data did not touch are drift: --refresh sees them.
        let refresh = try await setup.run("push \(apply) --refresh")
        #expect(refresh.exitCode == 0, "\(refresh.stdout)\(refresh.stderr)")
        try Self.expectHolds(model, store, "push, prune-orphans, push --refresh")

        let rollback = try await setup.run("rollback \(firstSnapshot) \(apply)")
        #expect(rollback.exitCode == 0, "\(rollback.stdout)\(rollback.stderr)")
        try Self.expectHolds(initial, store, "rollback")
        let fetch = try await setup.run("fetch")
        #expect(fetch.stdout.contains("No drift"), "\(fetch.stdout)")
        let fsck = try await setup.cli.git("--git-dir example/.cksync/repo fsck --strict --no-dangling")
        #expect(fsck.exitCode == 0)
    }
}
