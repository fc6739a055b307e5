import Emulator
import Foundation
import Testing

/// `cksync schema` against `cksync serve --schema`: the generated schema is one the production
/// environment accepts the data under, and what it lacks is refused, by the server and, with the
/// remote's `schema` key, by push itself before anything is sent.
@Suite("cksync serve --schema")
struct ServeSchemaTests {
    private static let production = """
        container = "iCloud.com.example.Places"
        environment = "production"
        """

    @Test func theGeneratedSchemaTakesThePushAndRefusesWhatItLacks() async throws {
        let setup = try await ServeTests.Setup(productionSchema: true)
        let config = setup.workspace.appendingPathComponent("cksync.toml")
        try config.edit(replacing: "container = \"iCloud.com.example.Places\"", with: Self.production)
        let push = try await setup.run("push --yes")
        #expect(push.exitCode == 0, "\(push.stdout)\(push.stderr)")
        #expect(push.stdout.contains("Pushed to staging: 67 new"))
        let fetch = try await setup.run("fetch")
        #expect(fetch.exitCode == 0, "\(fetch.stderr)")
        #expect(fetch.stdout.contains("No drift"))

        // A field the schema lacks: production refuses every record that carries it.
        try config.edit(replacing: "runways = \"INT64\"", with: "runways = \"INT64\"\nicao = \"STRING\"")
        let field = try await setup.run("push --yes")
        #expect(field.exitCode == 3)
        #expect(
            field.stderr.contains("Cannot create new field 'icao' in type 'Airport' in production schema"),
            "\(field.stderr)")
        try config.edit(replacing: "runways = \"INT64\"\nicao = \"STRING\"", with: "runways = \"INT64\"")

        // A record type the schema lacks.
        try config.append(
            """

            [[types]]
            name = "Landmark"
            source = "data/places.json"
            record-name = "landmark-{$key}"

            [types.fields]
            name = "STRING"

            """)
        let type = try await setup.run("push --yes")
        #expect(type.exitCode == 3)
        #expect(type.stderr.contains("Cannot create new type Landmark in production schema"), "\(type.stderr)")

        // Development still creates schema on first use.
        try config.edit(replacing: "environment = \"production\"", with: "environment = \"development\"")
        let development = try await setup.run("push --yes")
        #expect(development.exitCode == 0, "\(development.stdout)\(development.stderr)")
    }

    @Test func pushToProductionChecksTheRemotesSchemaFirst() async throws {
        let setup = try await ServeTests.Setup(productionSchema: true)
        let config = setup.workspace.appendingPathComponent("cksync.toml")
        try config.edit(
            replacing: "container = \"iCloud.com.example.Places\"",
            with: Self.production + "\nschema = \"schema.ckdb\"")
        try config.edit(replacing: "runways = \"INT64\"", with: "runways = \"INT64\"\nicao = \"STRING\"")
        let refused = try await setup.run("push --yes")
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("its schema schema.ckdb does not cover the configuration (1 difference)"))
        #expect(refused.stderr.contains("Airport.icao: no such field (cksync.toml: STRING)"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        let document = try await setup.run("push --yes --json")
        #expect(document.exitCode == 1)
        #expect(document.stdout.contains("\"exitCode\": 1"))
        try await SchemaValidation.expectValid(document.stdout, schema: "error", in: setup.cli)
        // Nothing was sent, nothing committed: the server has no records and no lock is left.
        #expect(try EmulatorStore(path: setup.dataFile.path).recordCount() == 0)
        let log = try await setup.run("log")
        #expect(!log.stdout.contains("push staging"))

        try config.edit(replacing: "runways = \"INT64\"\nicao = \"STRING\"", with: "runways = \"INT64\"")
        let push = try await setup.run("push --yes")
        #expect(push.exitCode == 0, "\(push.stdout)\(push.stderr)")

        // A schema file that does not parse stops the push with its line.
        try "DEFINE SCHEMA\n    RECORD TYPE Airport (\n        name STRNG\n    );\n".write(
            to: setup.workspace.appendingPathComponent("schema.ckdb"), atomically: true, encoding: .utf8)
        let broken = try await setup.run("push --yes")
        #expect(broken.exitCode == 2)
        #expect(broken.stderr.contains("schema.ckdb:3:14: field \"name\": unknown type \"STRNG\""), "\(broken.stderr)")
    }
}
