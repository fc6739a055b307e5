import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

/// `type = "BOOLEAN"` from a CSV and a JSON source, pushed to the local remote and to
/// `cksync serve`: both hold INT64 0 and 1, as CloudKit stores booleans.
@Suite struct BooleanFieldsTests {
    @Test func booleansReachBothRemotesAsZeroAndOne() async throws {
        let setup = try await ServeTests.Setup()
        let example = setup.workspace
        // Airports: a `hub` column, "yes" for EGLL, "No" for the others; places: `free` true for the
        // British Museum, false for the others.
        let airports = example.appendingPathComponent("data/airports.csv")
        var rows = try String(contentsOf: airports, encoding: .utf8).split(separator: "\n").map(String.init)
        rows = rows.enumerated().map { index, row in
            row + (index == 0 ? ",hub" : row.hasPrefix("EGLL,") ? ",yes" : ",No")
        }
        try (rows.joined(separator: "\n") + "\n").write(to: airports, atomically: true, encoding: .utf8)
        let places = example.appendingPathComponent("data/places.json")
        let text = try String(contentsOf: places, encoding: .utf8)
            .replacingOccurrences(of: "\"name\": \"", with: "\"free\": false, \"name\": \"")
            .replacingOccurrences(
                of: "\"free\": false, \"name\": \"British Museum\"", with: "\"free\": true, \"name\": \"British Museum\"")
        try text.write(to: places, atomically: true, encoding: .utf8)
        let config = example.appendingPathComponent("cksync.toml")
        var configuration = try String(contentsOf: config, encoding: .utf8)
        let fields = try #require(configuration.range(of: "[types.fields]\n"))
        configuration.replaceSubrange(fields, with: "[types.fields]\nhub = \"BOOLEAN\"\n")
        let second = try #require(configuration.range(of: "[types.fields]\n", range: fields.upperBound..<configuration.endIndex))
        configuration.replaceSubrange(second, with: "[types.fields]\nfree = { type = \"BOOLEAN\" }\n")
        try configuration.write(to: config, atomically: true, encoding: .utf8)

        let local = try await setup.cli.run("-C example push --yes")
        #expect(local.exitCode == 0, "\(local.stderr)")
        let served = try await setup.run("push --yes")
        #expect(served.exitCode == 0, "\(served.stderr)")

        let localStore = try EmulatorStore(path: example.appendingPathComponent(".cksync/local.sqlite").path)
        for store in [localStore, try setup.serverStore()] {
            var records: [String: RecordDictionary] = [:]
            for record in try store.allRecords(zone: "_defaultZone") { records[record.recordName] = record }
            #expect(records["EGLL"]?.fields?["hub"] == FieldDictionary(.int64(1)))
            #expect(records["KJFK"]?.fields?["hub"] == FieldDictionary(.int64(0)))
            #expect(records["british-museum"]?.fields?["free"] == FieldDictionary(.int64(1)))
            #expect(records["tate-modern"]?.fields?["free"] == FieldDictionary(.int64(0)))
        }

        // A value that is no truth value names its line and field.
        try String(contentsOf: airports, encoding: .utf8).replacingOccurrences(of: "202,Europe/London,Gatwick,2,No", with: "202,Europe/London,Gatwick,2,maybe")
            .write(to: airports, atomically: true, encoding: .utf8)
        let bad = try await setup.cli.run("-C example status")
        #expect(bad.exitCode == 2)
        #expect(bad.stderr.contains("data/airports.csv:3: field \"hub\": \"maybe\" is not a BOOLEAN"), "\(bad.stderr)")
        // The schema says INT64, as CloudKit's does.
        let schema = try await setup.cli.run("-C example schema")
        #expect(schema.stdout.contains("hub") && schema.stdout.contains("INT64"))
    }
}
