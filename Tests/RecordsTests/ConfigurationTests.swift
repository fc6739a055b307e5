import Foundation
import Records
import Testing

@Suite("cksync.toml")
struct ConfigurationTests {
    static let full = """
        default-remote = "local"

        [remotes.local]
        kind = "local"

        [remotes.production]
        kind = "cloudkit"
        container = "iCloud.com.example.Places"
        environment = "production"
        database = "private"
        key-id = "abc"
        private-key-file = "eckey.pem"

        [[types]]
        name = "Airport"
        source = "data/airports.csv"
        record-name = "airport-{icao}"

        [types.fields]
        name = "STRING"
        elevation = "INT64"
        location = { type = "LOCATION", latitude = "lat", longitude = "lon" }
        timezone = { type = "STRING", from = "tz" }
        aliases = { type = "STRING_LIST", from = "alternatenames", separator = "|" }

        [types.compare]
        location-tolerance = 0.001
        double-tolerance = 1
        ignore = ["timezone"]

        [[types]]
        name = "Place"
        source = "data/places.json"
        record-name = "{$key}"

        [types.fields]
        where = { type = "LOCATION" }
        country = { type = "REFERENCE", from = "cc", action = "DELETE_SELF" }
        """

    @Test func parsesEveryKey() throws {
        let config = try WorkspaceConfiguration.parse(Self.full, file: "cksync.toml")
        #expect(config.defaultRemote == "local")
        #expect(config.remotes.map(\.name) == ["local", "production"])
        #expect(config.remotes[0].kind == .local(path: ".cksync/local.sqlite"))
        #expect(
            config.remotes[1].kind
                == .cloudkit(
                    .init(
                        container: "iCloud.com.example.Places", environment: "production", database: "private",
                        zone: "_defaultZone", keyID: "abc", privateKeyFile: "eckey.pem",
                        endpoint: "https://api.apple-cloudkit.com")))
        #expect(config.types.map(\.name) == ["Airport", "Place"])

        let airport = config.types[0]
        #expect(airport.format == .csv)
        #expect(
            airport.recordName
                == RecordNameTemplate(parts: [.literal("airport-"), .column("icao")], text: "airport-{icao}"))
        #expect(airport.fields.map(\.name) == ["aliases", "elevation", "location", "name", "timezone"])
        #expect(
            airport.fields[0]
                == FieldMapping(name: "aliases", type: .stringList, source: .column("alternatenames"), separator: "|"))
        #expect(airport.fields[1] == FieldMapping(name: "elevation", type: .int64, source: .column("elevation")))
        #expect(airport.fields[2].source == .coordinates(latitude: "lat", longitude: "lon"))
        #expect(airport.fields[4].source == .column("tz"))
        #expect(airport.compare == CompareRules(locationTolerance: 0.001, doubleTolerance: 1, ignore: ["timezone"]))

        let place = config.types[1]
        #expect(place.format == .json)
        #expect(place.recordName.parts == [.objectKey])
        #expect(place.compare == .default)
        #expect(
            place.fields[0]
                == FieldMapping(name: "country", type: .reference, source: .column("cc"), referenceAction: .deleteSelf))
        #expect(place.fields[1] == FieldMapping(name: "where", type: .location, source: .column("where")))
    }

    @Test func remotesKeepDeclarationOrderAndDefaults() throws {
        let config = try WorkspaceConfiguration.parse(
            """
            [remotes.zeta]
            kind = "cloudkit"
            container = "iCloud.x"
            [remotes.alpha]
            kind = "local"
            path = "other.sqlite"

            """ + Self.oneType(source: "a.csv"), file: "cksync.toml")
        #expect(config.remotes.map(\.name) == ["zeta", "alpha"])
        guard case .cloudkit(let settings) = config.remotes[0].kind else {
            Issue.record("expected cloudkit")
            return
        }
        #expect(settings.environment == "development")
        #expect(settings.database == "public")
        #expect(settings.zone == "_defaultZone")
        #expect(settings.keyID == nil)
        #expect(settings.endpoint == "https://api.apple-cloudkit.com")
        #expect(config.remotes[1].kind == .local(path: "other.sqlite"))
        #expect(config.defaultRemote == nil)
    }

    @Test(arguments: [
        ("a.csv", SourceFormat.csv), ("a.json", .json), ("a.jsonl", .jsonl), ("dir.v2/a.NDJSON", .jsonl),
        ("A.CSV", .csv),
    ])
    func formatFromExtension(source: String, format: SourceFormat) throws {
        let config = try WorkspaceConfiguration.parse(Self.oneType(source: source), file: "cksync.toml")
        #expect(config.types[0].format == format)
    }

    @Test func explicitFormatWins() throws {
        let text = Self.oneType(source: "data/export.txt", extra: "format = \"jsonl\"")
        #expect(try WorkspaceConfiguration.parse(text, file: "cksync.toml").types[0].format == .jsonl)
    }

    @Test func templateDeclaresNoTypesSoItIsRefusedUntilOneIsAdded() throws {
        // An empty configuration would snapshot zero records, and a push would delete every remote record.
        let error = #expect(throws: ConfigError.self) {
            try WorkspaceConfiguration.parse(ConfigurationTemplate.text, file: "cksync.toml")
        }
        #expect(error?.description.hasPrefix("cksync.toml: declares no record types: add a [[types]] block") == true)
        #expect(ConfigurationTemplate.text.hasSuffix("\n"))
        let withType = ConfigurationTemplate.text + Self.oneType(source: "data/a.csv")
        let config = try WorkspaceConfiguration.parse(withType, file: "cksync.toml")
        #expect(config.defaultRemote == "local")
        #expect(config.remotes == [RemoteConfiguration(name: "local", kind: .local(path: ".cksync/local.sqlite"))])
    }

    @Test func typesRememberTheLineThatNamesTheirSource() throws {
        let config = try WorkspaceConfiguration.parse(Self.oneType(source: "data/a.csv"), file: "conf/x.toml")
        let line = Self.oneType(source: "data/a.csv").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("source") }.map { $0 + 1 }
        #expect(config.types[0].sourceDeclaration == line.map { "conf/x.toml:\($0)" })
    }

    @Test func templateExampleParsesWhenUncommented() throws {
        // Uncommenting every line shows every key, and that the example itself is valid.
        let uncommented = ConfigurationTemplate.text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                line.hasPrefix("# ") && !line.hasPrefix("# cksync") && !line.hasPrefix("# Every")
                    && !line.hasPrefix("# The ") && !line.hasPrefix("# A ") && !line.hasPrefix("# One ")
                    ? String(line.dropFirst(2)) : String(line)
            }
            .joined(separator: "\n")
            .replacingOccurrences(of: "key-id = \"…\"", with: "key-id = \"k\"")
        let config = try WorkspaceConfiguration.parse(uncommented, file: "cksync.toml")
        #expect(config.remotes.map(\.name) == ["local", "production"])
        #expect(config.types.map(\.name) == ["Airport"])
        #expect(config.types[0].fields.count == 8)
        #expect(config.types[0].fields.first { $0.name == "scheduled" }?.isBoolean == true)
        #expect(config.automaticGC)
        #expect(config.types[0].compare.ignore == ["timezone"])
        #expect(config.types[0].fields.first { $0.name == "iata" }?.indexes == [.queryable, .sortable])
        #expect(config.schemaGrants == SchemaGrant.usual)
        guard case .cloudkit(let settings) = config.remotes[1].kind else {
            Issue.record("production is not a cloudkit remote")
            return
        }
        #expect(settings.schema == "schema.ckdb")
    }

    @Test func loadsFromDiskAndReportsAMissingFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cksync.toml").path
        try Data(("\u{FEFF}" + ConfigurationTemplate.text + Self.oneType(source: "a.csv")).utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(try WorkspaceConfiguration.load(path: path, displayPath: "cksync.toml").remotes.count == 1)

        let error = #expect(throws: ConfigError.self) {
            try WorkspaceConfiguration.load(
                path: directory.appendingPathComponent("nope.toml").path, displayPath: "nope.toml")
        }
        #expect(error?.description == "nope.toml: no such file (run `cksync init` to create one)")
    }

    @Test func remoteSelection() throws {
        let config = try WorkspaceConfiguration.parse(Self.full, file: "cksync.toml")
        #expect(try config.remote(named: nil).name == "local")
        #expect(try config.remote(named: "production").name == "production")
        let error = #expect(throws: ConfigError.self) { try config.remote(named: "staging") }
        #expect(error?.message == "no remote named \"staging\" (declared: \"local\", \"production\")")

        var noDefault = config
        noDefault.defaultRemote = nil
        let ambiguous = #expect(throws: ConfigError.self) { try noDefault.remote(named: nil) }
        #expect(ambiguous?.message.contains("--remote") == true)
        noDefault.remotes.removeLast()
        #expect(try noDefault.remote(named: nil).name == "local")

        // The error names the file the configuration came from (`--config`).
        let other = try WorkspaceConfiguration.parse(Self.full, file: "configs/staging.toml")
        let named = #expect(throws: ConfigError.self) { try other.remote(named: "staging") }
        #expect(named?.file == "configs/staging.toml")
    }

    static func oneType(source: String, extra: String = "", fields: String = "name = \"STRING\"") -> String {
        """
        [[types]]
        name = "T"
        source = "\(source)"
        record-name = "{id}"
        \(extra)

        [types.fields]
        \(fields)
        """
    }
}
