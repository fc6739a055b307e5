import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Each kind of bad input: a clear message naming file, line or record, and field; exit 2;
/// and nothing written: the snapshot ref does not move and no new objects are installed.
@Suite("Bad input")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var old: String
        var new: String
        /// Text the error message must contain.
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed TOML", file: "cksync.toml", old: "[[types]]\nname = \"Place\"",
             new: "[[types]\nname = \"Place\"", message: "cksync.toml:"),
        Case(name: "unknown key", file: "cksync.toml", old: "record-name = \"{icao}\"",
             new: "record-name = \"{icao}\"\nrecord-nmae = \"{iata}\"", message: "record-nmae"),
        Case(name: "missing source", file: "cksync.toml", old: "data/airports.csv", new: "data/airport.csv",
             message: "data/airport.csv"),
        Case(name: "malformed CSV row", file: "data/airports.csv", old: "EGKK,LGW,London Gatwick Airport,London,GB,",
             new: "EGKK,LGW,London Gatwick Airport,GB,", message: "data/airports.csv:3:"),
        Case(name: "bad JSON", file: "data/places.json", old: "\"name\": \"Tate Modern\",",
             new: "\"name\": \"Tate Modern\"", message: "data/places.json:20:"),
        Case(name: "value not of its type", file: "data/airports.csv", old: "-0.461941,83,", new: "-0.461941,83a,",
             message: "data/airports.csv:2: field \"elevation\": \"83a\" is not a"),
        Case(name: "bad timestamp", file: "data/places.json", old: "\"1759-01-15\"", new: "\"1759-13-45\"",
             message: "field \"opened\""),
        Case(name: "missing record-name column", file: "cksync.toml", old: "record-name = \"{icao}\"",
             new: "record-name = \"{icao_code}\"", message: "icao_code"),
        Case(name: "typo in a CSV column name", file: "cksync.toml", old: "from = \"elevation_ft\"",
             new: "from = \"elevaton_ft\"", message: "did you mean \"elevation_ft\"?"),
        Case(name: "typo in a JSON key", file: "cksync.toml", old: "latitude = \"lat\", longitude = \"lng\"",
             new: "latitude = \"lat\", longitude = \"long\"", message: "no record has the key \"long\""),
        Case(name: "duplicate record names", file: "data/airports.csv", old: "EGKK,LGW,", new: "EGLL,LGW,",
             message: "duplicate record name \"EGLL\""),
        Case(name: "record name CloudKit refuses", file: "data/airports.csv", old: "EGKK,LGW,", new: "_EGKK,LGW,",
             message: "_EGKK"),
        // Issue 10.
        Case(name: "a device as source", file: "cksync.toml", old: "source = \"data/airports.csv\"",
             new: "source = \"/dev/zero\"\nformat = \"csv\"",
             message: "/dev/zero: is a character device, not a regular file; a source must be a regular file "
                + "(the source of type \"Airport\", cksync.toml:12)"),
        Case(name: "a directory as source", file: "cksync.toml", old: "source = \"data/airports.csv\"",
             new: "source = \"data\"\nformat = \"csv\"", message: "data: is a directory, not a regular file"),
        Case(name: "duplicate key in a JSON record", file: "data/places.json", old: "\"rating\": 4.8,",
             new: "\"rating\": 4.8,\n    \"name\": \"Another name\",",
             message: "data/places.json:15:5: duplicate key \"name\" in one object"),
        Case(name: "DOUBLE underflow", file: "data/places.json", old: "\"rating\": 4.6,", new: "\"rating\": 4.6e-400,",
             message: "data/places.json:31: field \"rating\": 4.6e-400 is too small for a DOUBLE (it would become 0)"),
        Case(name: "DOUBLE overflow", file: "data/places.json", old: "\"rating\": 4.6,", new: "\"rating\": 4.6e400,",
             message: "data/places.json:31: field \"rating\": 4.6e400 is out of the DOUBLE range"),
        Case(name: "record over CloudKit's size limit", file: "data/airports.csv", old: "London Gatwick Airport",
             new: String(repeating: "Gatwick ", count: 130_000),
             message: "data/airports.csv:3: field \"name\": the record is 1040"),
    ]

    @Test(arguments: cases)
    func refusedWithoutWriting(_ badCase: Case) async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        #expect(try await cli.run("-C example snapshot").exitCode == 0)
        let before = try await cli.git("--git-dir example/.cksync/repo rev-parse refs/heads/main").stdout
        let packsBefore = try Self.packs(example)

        try example.appendingPathComponent(badCase.file).edit(replacing: badCase.old, with: badCase.new)
        for command in ["snapshot", "status", "diff"] {
            let result = try await cli.run("-C example \(command)")
            #expect(result.exitCode == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(badCase.message), "\(command): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try await cli.git("--git-dir example/.cksync/repo rev-parse refs/heads/main").stdout == before)
        #expect(try Self.packs(example) == packsBefore)
    }

    @Test func transcript() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var transcript = Transcript("bad-input", cli: cli)
        for (index, badCase) in Self.cases.enumerated() {
            let example = try cli.copyExample(as: "bad\(index)")
            try example.appendingPathComponent(badCase.file).edit(replacing: badCase.old, with: badCase.new)
            transcript.note("\(badCase.name): \(badCase.file)")
            try await transcript.run("-C bad\(index) snapshot")
        }
        try FileManager.default.createDirectory(at: cli.work.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try "[remotes.local]\nkind = \"local\"\n".write(
            to: cli.work.appendingPathComponent("empty/cksync.toml"), atomically: true, encoding: .utf8)
        transcript.note("a configuration without types: empty/cksync.toml")
        try await transcript.run("-C empty snapshot")
        try await transcript.run("-C nowhere status")
        try await transcript.run("status --frobnicate")
        try await transcript.run("diff a b c")
        try transcript.verify()
    }

    /// Opened without O_NONBLOCK, the FIFO would block the command forever; the limit makes that
    /// a failure rather than a hang (no wall-clock window is asserted).
    @Test(.timeLimit(.minutes(1))) func aFIFOAsSourceIsRefusedAtOnce() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        #expect(mkfifo(example.appendingPathComponent("data/pipe.csv").path, 0o600) == 0)
        try example.appendingPathComponent("cksync.toml").edit(replacing: "data/airports.csv", with: "data/pipe.csv")
        let result = try await cli.run("-C example snapshot")
        #expect(result.exitCode == 2)
        #expect(
            result.stderr
                == "error: data/pipe.csv: is a FIFO (named pipe), not a regular file; a source must be a regular file "
                + "(the source of type \"Airport\", cksync.toml:12)\n")
    }

    @Test func aConfigurationWithoutTypesIsRefused() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        try "default-remote = \"local\"\n[remotes.local]\nkind = \"local\"\n".write(
            to: example.appendingPathComponent("cksync.toml"), atomically: true, encoding: .utf8)
        for command in ["snapshot", "status", "push"] {
            let result = try await cli.run("-C example \(command)")
            #expect(result.exitCode == 2, "\(command)")
            #expect(result.stderr.hasPrefix("error: cksync.toml: declares no record types"), "\(command): \(result.stderr)")
        }
    }

    /// Files saved with classic Mac OS line endings (a lone CR) read as the same records.
    @Test func csvWithCarriageReturnLineEndingsSnapshotsLikeLF() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = try cli.copyExample()
        #expect(try await cli.run("-C example snapshot").exitCode == 0)
        let csv = example.appendingPathComponent("data/airports.csv")
        try csv.edit(replacing: "\n", with: "\r")
        let result = try await cli.run("-C example diff main")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("0 new, 0 updated,"), "\(result.stdout)")
    }

    static func packs(_ workspace: URL) throws -> Set<String> {
        let folder = workspace.appendingPathComponent(".cksync/repo/objects/pack")
        return Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
    }
}
