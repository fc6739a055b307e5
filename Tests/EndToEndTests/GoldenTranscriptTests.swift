import Foundation
import Testing

/// The CLI on docs/example, compared with the golden transcripts in snapshots/.
@Suite("Golden transcripts")
struct GoldenTranscriptTests {
    @Test func initWorkspace() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var transcript = Transcript("init", cli: cli)
        try await transcript.run("init demo")
        try await transcript.run("init demo")
        try await transcript.run("-C demo status")
        try await transcript.run("-C demo snapshot")
        try transcript.verify()
    }

    @Test func snapshotStatusAndDiffOnTheExample() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        var transcript = Transcript("example", cli: cli)
        try await transcript.run("-C example status")
        try await transcript.run("-C example snapshot")
        try await transcript.run("-C example snapshot")
        try await transcript.run("-C example status")
        try await transcript.run("-C example diff --stat")
        try await transcript.run("-C example diff --type Airport --name-status")

        try Self.editExample(example) { transcript.note($0) }
        try await transcript.run("-C example status")
        try await transcript.run("-C example diff main")
        try await transcript.run("-C example diff main --stat")
        try await transcript.run("-C example diff main --name-status")
        try await transcript.run("-C example diff main --json")
        try await transcript.run("-C example diff main --type Place")
        try await transcript.run("-C example diff main --exit-code --name-status")
        try await transcript.run("-C example snapshot --verbose")
        try await transcript.run("-C example diff main~1 main")
        try await transcript.run("-C example diff main~1 main --json --type Airport")
        try await transcript.run("-C example diff main main --exit-code")
        try await transcript.run("-C example diff main~5 main")
        try await transcript.run("-C example diff main --stat --name-status")
        try transcript.verify()
    }

    @Test func syncWithTheLocalRemote() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        var transcript = Transcript("sync", cli: cli, repository: "example/.cksync/repo")
        try await transcript.run("-C example push --review-limit 2")
        try await transcript.run("-C example push --dry-run --review-limit 2")
        try await transcript.run("-C example push --yes")
        try await transcript.run("-C example push --yes")
        try await transcript.run("-C example status")
        try await transcript.run("-C example fetch")
        try await transcript.run("-C example log")

        try Self.editExample(example) { transcript.note($0) }
        try await transcript.run("-C example push --yes --verbose")
        try await transcript.run("-C example status")
        try await transcript.run("-C example prune-orphans --yes --max-deletes 0")
        try await transcript.run("-C example prune-orphans --yes")
        try await transcript.run("-C example show")
        try await transcript.run("-C example show local/main~1 --stat")
        try await transcript.run("-C example log --record Airport/EGLL")
        try await transcript.run("-C example rollback main~1 --yes")
        try await transcript.run("-C example status")
        try await transcript.run("-C example fetch")
        try await transcript.run("-C example log -n 3 --json")
        try await transcript.run("-C example rollback nowhere --yes")
        try transcript.verify()
    }

    /// ASSET and ASSET_LIST fields (issue 15): files in the snapshot, uploads only of what changed,
    /// a rollback that uploads the old bytes, and a file that cannot be read.
    @Test func assetsWithTheLocalRemote() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        var transcript = Transcript("assets", cli: cli, repository: "example/.cksync/repo")
        let images = example.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        func write(_ name: String, _ size: Int, _ seed: Int) throws {
            try Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* (seed * 2 + 1) &+ seed) })
                .write(to: images.appendingPathComponent(name))
        }
        try write("mona.png", 1_234_567, 1)
        try write("wave.png", 312_000, 2)
        try write("sketch-1.png", 2_048, 3)
        try write("sketch-2.png", 999, 4)
        try
            "id,title,image,sketches\nmona,Mona Lisa,mona.png,sketch-1.png|sketch-2.png\nwave,The Great Wave,wave.png,\nmona-copy,Mona Lisa (copy),mona.png,\n"
            .write(to: example.appendingPathComponent("data/art.csv"), atomically: true, encoding: .utf8)
        try AssetSyncTests.addArtworkType(
            to: example,
            fields: [
                "title = \"STRING\"", "image = \"ASSET\"", "sketches = { type = \"ASSET_LIST\", separator = \"|\" }",
            ],
            extra: ["assets = \"images/\""])
        transcript.note("add data/art.csv and images/: 3 artworks, 4 files, mona.png used twice")
        try await transcript.run("-C example status")
        try await transcript.run("-C example push --yes")
        try await transcript.run("-C example push --yes")

        try write("wave.png", 313_500, 5)
        transcript.note("edit images/wave.png; touch images/mona.png (same bytes, new mtime)")
        let mona = images.appendingPathComponent("mona.png")
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: mona.path)
        try await transcript.run("-C example status")
        try await transcript.run("-C example diff")
        try await transcript.run("-C example push --yes --json")
        try await transcript.run("-C example fetch")
        try await transcript.run("-C example rollback main~1 --yes")
        try await transcript.run("-C example diff main~1 main --type Artwork")

        try FileManager.default.removeItem(at: images.appendingPathComponent("sketch-2.png"))
        transcript.note("remove images/sketch-2.png")
        try await transcript.run("-C example status")
        try transcript.verify()
    }

    /// Review before applying: dry runs, saved plans, apply, a stale plan, list diffs, tolerated records.
    @Test func reviewAndSavedPlans() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        var transcript = Transcript("review", cli: cli, repository: "example/.cksync/repo")
        try await transcript.run("-C example push --yes")
        try Self.editExample(example) { transcript.note($0) }
        try await transcript.run("-C example status")
        try await transcript.run("-C example status --delete-orphans")
        try await transcript.run("-C example diff --show-tolerated")
        try await transcript.run("-C example diff --verbose --name-status")
        try await transcript.run("-C example diff --verbose --type Airport")
        try await transcript.run("-C example push --dry-run --exit-code")
        try await transcript.run("-C example push --dry-run --delete-orphans --out plan.json")
        try await transcript.run("-C example show plan.json")
        try await transcript.run("-C example diff --plan plan.json --name-status")
        try example.appendingPathComponent("data/airports.csv").append(
            "LIPZ,VCE,Venice Marco Polo Airport,Venice,IT,45.5053,12.3519,7,Europe/Rome,Tessera,2\n")
        transcript.note("edit data/airports.csv: add LIPZ, after the plan was made")
        try await transcript.run("-C example apply plan.json")
        try await transcript.run("-C example apply plan.json --yes")
        try await transcript.run("-C example status")
        try await transcript.run("-C example push --dry-run --out next.json")
        try await transcript.run("-C example rollback local/main~1 --yes")
        try await transcript.run("-C example apply next.json --yes")
        try await transcript.run("-C example apply missing.json")
        try await transcript.run("-C example push --out plan.json")
        try await transcript.run("-C example prune-orphans --dry-run --exit-code")
        try await transcript.run("-C example psuh")
        try transcript.verify()
    }

    /// What `cksync serve` refuses before it starts (its running behaviour is in ServeTests).
    /// Issue 12 (1): records a type cannot map, skipped and listed, bounded by --max-invalid.
    @Test func invalidRecords() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try InvalidRecordsTests.workspace(cli, policy: nil)
        var transcript = Transcript("invalid-records", cli: cli, repository: "example/.cksync/repo")
        transcript.note("two bad rows appended to data/airports.csv; invalid-records left at its default")
        try await transcript.run("-C example status")
        let example = cli.work.appendingPathComponent("example")
        try example.appendingPathComponent("cksync.toml").edit(
            replacing: "record-name = \"{icao}\"\n", with: "record-name = \"{icao}\"\ninvalid-records = \"skip\"\n")
        transcript.note("invalid-records = \"skip\" for Airport")
        try await transcript.run("-C example status")
        try await transcript.run("-C example status --max-invalid 1")
        try await transcript.run("-C example push --yes")
        try await transcript.run("-C example show main --stat")
        try await transcript.run("-C example diff --json --type Airport")
        try await transcript.run("-C example push --dry-run --json")
        try transcript.verify()
    }

    @Test func serveOptions() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var transcript = Transcript("serve", cli: cli)
        try await transcript.run("serve --key nokey")
        try await transcript.run("serve --key k=missing.pem")
        try await transcript.run("serve --port 0 --fault-throttle 2")
        try await transcript.run("serve --port 0 --schema missing.ckdb")
        #expect(!FileManager.default.fileExists(atPath: cli.work.appendingPathComponent("cksync-serve.sqlite").path))
        try transcript.verify()
    }

    /// The CloudKit schema of the example, and what `--check` finds in a hand-edited export.
    @Test func schema() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        try example.appendingPathComponent("cksync.toml").edit(
            replacing: "timezone = \"STRING\"\naliases",
            with: "timezone = { type = \"STRING\", indexes = [\"QUERYABLE\"] }\naliases")
        try example.appendingPathComponent("cksync.toml").edit(
            replacing: "name = \"STRING\"\nkind",
            with: "name = { type = \"STRING\", indexes = [\"QUERYABLE\", \"SEARCHABLE\", \"SORTABLE\"] }\nkind")
        var transcript = Transcript("schema", cli: cli)
        transcript.note("edit cksync.toml: Airport.timezone QUERYABLE; Place.name QUERYABLE, SEARCHABLE, SORTABLE")
        let printed = try await transcript.run("-C example schema")
        try await transcript.run("-C example schema --json")
        let file = example.appendingPathComponent("schema.ckdb")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        transcript.note("cksync -C example schema > example/schema.ckdb")
        try await transcript.run("-C example schema --check schema.ckdb")

        // What an export of a schema that has drifted from the configuration looks like.
        let exported = printed.stdout
            .replacingOccurrences(of: "DEFINE SCHEMA\n", with: "// exported by cktool export-schema\nDEFINE SCHEMA\n")
            .replacingOccurrences(
                of: "\"___recordID\"   REFERENCE QUERYABLE,\n        aliases",
                with: "\"___recordID\"   REFERENCE,\n        aliases"
            )
            .replacingOccurrences(of: "elevation       INT64,", with: "elevation       STRING, -- typed by hand")
            .replacingOccurrences(of: "        iata            STRING,\n", with: "")
            .replacingOccurrences(of: "timezone        STRING QUERYABLE,", with: "timezone        STRING,")
            .replacingOccurrences(of: "rating          DOUBLE,", with: "rating          NUMBER PREFERRED AS DOUBLE,")
            .replacingOccurrences(of: "tags            LIST<STRING>,", with: "tags            LIST<INT64>,")
            .replacingOccurrences(
                of: "        GRANT READ TO \"_world\"\n    );\n\n    RECORD TYPE Place",
                with: "        GRANT READ TO \"_world\"\n    );\n\n    RECORD TYPE Places")
        try exported.write(to: file, atomically: true, encoding: .utf8)
        transcript.note(
            "edit schema.ckdb: Airport ___recordID not QUERYABLE, elevation STRING, no iata, timezone not QUERYABLE; Place renamed Places"
        )
        try await transcript.run("-C example schema --check schema.ckdb")
        try exported.replacingOccurrences(of: "RECORD TYPE Places", with: "RECORD TYPE Place")
            .write(to: file, atomically: true, encoding: .utf8)
        transcript.note(
            "edit schema.ckdb: Places back to Place; rating is NUMBER PREFERRED AS DOUBLE, tags LIST<INT64>")
        try await transcript.run("-C example schema --check schema.ckdb")
        try await transcript.run("-C example schema --check schema.ckdb --json")
        try "DEFINE SCHEMA\n\n    RECORD TYPE Airport (\n        name STRING QUERYABLE\n        city STRING\n    );\n"
            .write(to: file, atomically: true, encoding: .utf8)
        transcript.note("schema.ckdb: a comma missing after line 4")
        try await transcript.run("-C example schema --check schema.ckdb")
        try await transcript.run("-C example schema --check missing.ckdb")
        try example.appendingPathComponent("cksync.toml").edit(
            replacing: "runways = \"INT64\"", with: "runways = { type = \"INT64\", indexes = [\"SEARCHABLE\"] }")
        transcript.note("edit cksync.toml: runways SEARCHABLE")
        try await transcript.run("-C example schema")
        try transcript.verify()
    }

    @Test func keys() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var transcript = Transcript("key", cli: cli)
        try await transcript.run("key new")
        try await transcript.run("key new")
        try await transcript.run("key public --in eckey.pem")
        try await transcript.run("key public --in missing.pem")
        try transcript.verify()
        let mode = try FileManager.default.attributesOfItem(atPath: cli.work.appendingPathComponent("eckey.pem").path)
        #expect((mode[.posixPermissions] as? Int) == 0o600)
    }

    /// Changes that cover each kind of change and each compare rule.
    /// Auditing: who synced what, a record's history field by field, blame, show's header, the
    /// Markdown reports, and a push whose every operation the server refused.
    @Test func auditTheHistory() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        let airports = example.appendingPathComponent("data/airports.csv")
        var transcript = Transcript("audit", cli: cli, repository: "example/.cksync/repo")
        try await transcript.run("-C example push --yes --quiet")
        try airports.edit(replacing: "-0.461941,83,", with: "-0.461941,85,")
        transcript.note("edit data/airports.csv: EGLL elevation 83 → 85")
        try await transcript.run("-C example push --yes --quiet")
        try airports.edit(
            replacing: "London Heathrow Airport,London,GB,51.4706,-0.461941,85,",
            with: "Heathrow,London,GB,51.4706,-0.461941,88,")
        transcript.note("edit data/airports.csv: EGLL name → Heathrow, elevation 85 → 88")
        try await transcript.run("-C example push --yes --quiet")
        try await transcript.run("-C example rollback main~1 --yes --quiet")
        try await transcript.run("-C example log")
        try await transcript.run("-C example log --kind rollback,prune-orphans")
        try await transcript.run("-C example log --author nobody@example.com")
        try await transcript.run("-C example log --since 2027-01-01")
        try await transcript.run("-C example log --kind merge")
        try await transcript.run("-C example log --record Airport/EGLL")
        try await transcript.run("-C example log --record Airport/EGLL -n 1 --json")
        try await transcript.run("-C example log --record Airport/NOPE")
        try await transcript.run("-C example blame Airport/EGLL")
        try await transcript.run("-C example blame Airport/EGLL --json")
        try await transcript.run("-C example blame Airport/NOPE")
        try await transcript.run("-C example show")
        try await transcript.run("-C example show --format markdown")
        try await transcript.run("-C example log --format markdown")

        let config = example.appendingPathComponent("cksync.toml")
        try config.edit(replacing: "elevation = { type = \"INT64\"", with: "elevation = { type = \"STRING\"")
        transcript.note("edit cksync.toml: Airport elevation INT64 → STRING, which the remote's schema refuses")
        try await transcript.run("-C example push --yes --quiet")
        try await transcript.run("-C example log -n 2")
        try await transcript.run("-C example show --stat")
        try transcript.verify()
    }

    static func editExample(_ example: URL, note: (String) -> Void = { _ in }) throws {
        let airports = example.appendingPathComponent("data/airports.csv")
        let places = example.appendingPathComponent("data/places.json")
        try airports.edit(replacing: "-0.461941,83,", with: "-0.461941,85,")
        note("edit data/airports.csv: EGLL elevation 83 → 85")
        try airports.edit(replacing: "37.619,-122.375", with: "37.61905,-122.375")
        note("edit data/airports.csv: KSFO latitude 37.619 → 37.61905 (within the 0.0001 tolerance)")
        try airports.edit(
            replacing: "John F. Kennedy International Airport,New York,US,40.639801",
            with: "New York JFK Airport,New York,US,40.6413")
        note("edit data/airports.csv: KJFK name and latitude 40.639801 → 40.6413")
        try airports.edit(
            replacing: "NZAA,AKL,Auckland Airport,Auckland,NZ,-37.008099,174.792007,23,Pacific/Auckland,,1\n", with: "")
        note("edit data/airports.csv: delete NZAA")
        try airports.append(
            "LKPR,PRG,Václav Havel Airport Prague,Prague,CZ,50.1008,14.26,1247,Europe/Prague,Ruzyně,2\n")
        note("edit data/airports.csv: add LKPR")
        try places.edit(
            replacing: "\"rating\": 4.7,\n    \"website\": \"https://www.louvre.fr\"",
            with: "\"rating\": 4.72,\n    \"website\": \"https://www.louvre.fr/en\"")
        note("edit data/places.json: louvre rating 4.7 → 4.72 (double-tolerance 0.05), website (ignored)")
        try places.edit(
            replacing: "\"art\"\n    ],\n    \"opened\": \"1872-02-20\"",
            with: "\"art\",\n      \"fashion\"\n    ],\n    \"opened\": \"1872-02-20\"")
        note("edit data/places.json: met tags + fashion")
    }
}
