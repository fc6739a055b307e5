import Records
import Testing

extension ConfigurationTests {
    /// Every rejected cksync.toml names the file, the line and the dotted key.
    @Suite("cksync.toml errors")
    struct Errors {
        static let base = """
            default-remote = "local"

            [remotes.local]
            kind = "local"

            [[types]]
            name = "Airport"
            source = "data/airports.csv"
            record-name = "{icao}"

            [types.fields]
            name = "STRING"

            [[types]]
            name = "Place"
            source = "data/places.json"
            record-name = "{$key}"

            [types.fields]
            title = "STRING"
            """

        /// (description, text appended to or replacing part of `base`, expected error description)
        static let cases: [(String, String, String)] = [
            (
                "wrong field type", base + "\nelevation = \"INT\"",
                "cksync.toml:21: types[2].fields.elevation: unknown type \"INT\" (expected one of STRING, INT64, DOUBLE, "
                    + "TIMESTAMP, BYTES, REFERENCE, LOCATION, ASSET, STRING_LIST, INT64_LIST, DOUBLE_LIST, TIMESTAMP_LIST, "
                    + "BYTES_LIST, REFERENCE_LIST, LOCATION_LIST, ASSET_LIST, BOOLEAN)"
            ),
            (
                "lowercase type suggests", base + "\nelevation = \"int64\"",
                "cksync.toml:21: types[2].fields.elevation: unknown type \"int64\" (expected one of STRING, INT64, DOUBLE, "
                    + "TIMESTAMP, BYTES, REFERENCE, LOCATION, ASSET, STRING_LIST, INT64_LIST, DOUBLE_LIST, TIMESTAMP_LIST, "
                    + "BYTES_LIST, REFERENCE_LIST, LOCATION_LIST, ASSET_LIST, BOOLEAN); did you mean \"INT64\"?"
            ),
            (
                "unknown [gc] key", base + "\n[gc]\nauto = true\nwindow = 10\n",
                "cksync.toml:23: gc.window: unknown key in [gc] (expected one of auto)",
            ),
            (
                "[gc] auto not a boolean", base + "\n[gc]\nauto = \"no\"\n",
                "cksync.toml:22: gc.auto: expected true or false, found a string (\"no\")"
            ),
            (
                "unknown top-level key", "colour = true\n" + base,
                "cksync.toml:1: colour: unknown key in cksync.toml (expected one of default-remote, remotes, types, schema, gc)"
            ),
            (
                "unknown key in a type",
                base.replacingOccurrences(
                    of: "record-name = \"{icao}\"", with: "record-name = \"{icao}\"\nrecordname = \"x\""),
                "cksync.toml:10: types[1].recordname: unknown key in a [[types]] block (expected one of name, source, format, record-name, invalid-records, assets, fields, compare)"
            ),
            (
                "unknown invalid-records policy",
                base.replacingOccurrences(
                    of: "record-name = \"{icao}\"", with: "record-name = \"{icao}\"\ninvalid-records = \"ignore\""),
                "cksync.toml:10: types[1].invalid-records: unknown policy \"ignore\" (expected \"error\" or \"skip\")"
            ),
            (
                "unknown key in an inline field", base + "\nx = { type = \"STRING\", form = \"y\" }",
                "cksync.toml:21: types[2].fields.x.form: unknown key in a field (expected one of type, from, separator, latitude, longitude, action, indexes)"
            ),
            (
                "unknown key in a local remote",
                base.replacingOccurrences(of: "kind = \"local\"", with: "kind = \"local\"\ncontainer = \"iCloud.x\""),
                "cksync.toml:5: remotes.local.container: unknown key in a local remote (expected one of kind, path)"
            ),
            (
                "unknown key in compare", base + "\n[types.compare]\ntolerance = 1",
                "cksync.toml:22: types[2].compare.tolerance: unknown key in a [types.compare] table (expected one of location-tolerance, double-tolerance, ignore)"
            ),
            (
                "wrong value type", base.replacingOccurrences(of: "name = \"Place\"", with: "name = 3"),
                "cksync.toml:15: types[2].name: expected a string, found an integer (3)"
            ),
            (
                "default-remote undeclared",
                base.replacingOccurrences(of: "default-remote = \"local\"", with: "default-remote = \"prod\""),
                "cksync.toml:1: default-remote: no remote named \"prod\" (declared: \"local\")"
            ),
            (
                "duplicate type", base.replacingOccurrences(of: "name = \"Place\"", with: "name = \"Airport\""),
                "cksync.toml:15: types[2].name: duplicate type name \"Airport\" (also types[1])"
            ),
            (
                "bad type name", base.replacingOccurrences(of: "name = \"Place\"", with: "name = \"1Place\""),
                "cksync.toml:15: types[2].name: invalid record type name \"1Place\" (a letter, then letters, digits or \"_\"; at most 255)"
            ),
            (
                "bad field name", base + "\n\"my-field\" = \"STRING\"",
                "cksync.toml:21: types[2].fields.my-field: invalid field name \"my-field\" (a letter, then letters, digits or \"_\"; at most 255)"
            ),
            (
                "unknown extension", base.replacingOccurrences(of: "data/places.json", with: "data/places.txt"),
                "cksync.toml:16: types[2].source: cannot tell the format of \"data/places.txt\" from its extension (.csv, .json, .jsonl or .ndjson): add format = \"csv\", \"json\" or \"jsonl\""
            ),
            (
                "unknown format",
                base.replacingOccurrences(
                    of: "record-name = \"{$key}\"", with: "record-name = \"{$key}\"\nformat = \"xml\""),
                "cksync.toml:18: types[2].format: unknown format \"xml\" (expected csv, json or jsonl)"
            ),
            (
                "missing source", base.replacingOccurrences(of: "source = \"data/places.json\"\n", with: ""),
                "cksync.toml:14: types[2]: a [[types]] block needs `source` (such as source = \"data/airports.csv\")"
            ),
            (
                "unbalanced template", base.replacingOccurrences(of: "\"{icao}\"", with: "\"{icao\""),
                "cksync.toml:9: types[1].record-name: \"{icao\": \"{\" without a matching \"}\""
            ),
            (
                "template without placeholder", base.replacingOccurrences(of: "\"{icao}\"", with: "\"airport\""),
                "cksync.toml:9: types[1].record-name: \"airport\" has no placeholder: every record would get the same name (use a column, such as \"{id}\", or \"{$key}\")"
            ),
            (
                "$key on CSV", base.replacingOccurrences(of: "\"{icao}\"", with: "\"{$key}\""),
                "cksync.toml:9: types[1].record-name: {$key} is the key of a JSON object of objects, but the source is csv"
            ),
            (
                "no fields", base.replacingOccurrences(of: "title = \"STRING\"", with: ""),
                "cksync.toml:19: types[2].fields: declares no fields (at least one)"
            ),
            (
                "latitude on STRING", base + "\nx = { type = \"STRING\", latitude = \"lat\", longitude = \"lon\" }",
                "cksync.toml:21: types[2].fields.x.latitude: only a LOCATION field reads latitude and longitude columns"
            ),
            (
                "latitude without longitude", base + "\nx = { type = \"LOCATION\", latitude = \"lat\" }",
                "cksync.toml:21: types[2].fields.x.latitude: needs `longitude` too (both columns, or neither)"
            ),
            (
                "separator on scalar", base + "\nx = { type = \"STRING\", separator = \"|\" }",
                "cksync.toml:21: types[2].fields.x.separator: only list types split a cell; STRING is not a list"
            ),
            (
                "action on STRING", base + "\nx = { type = \"STRING\", action = \"NONE\" }",
                "cksync.toml:21: types[2].fields.x.action: only REFERENCE and REFERENCE_LIST fields take an action"
            ),
            (
                "unknown action", base + "\nx = { type = \"REFERENCE_LIST\", action = \"CASCADE\" }",
                "cksync.toml:21: types[2].fields.x.action: unknown action \"CASCADE\" (expected one of NONE, DELETE_SELF, VALIDATE)"
            ),
            (
                "negative tolerance", base + "\n[types.compare]\nlocation-tolerance = -1",
                "cksync.toml:22: types[2].compare.location-tolerance: must be a number ≥ 0, found -1.0"
            ),
            (
                "ignore undeclared", base + "\n[types.compare]\nignore = [\n  \"title\",\n  \"nope\",\n]",
                "cksync.toml:22: types[2].compare.ignore: \"nope\" is not a declared field (declared: title)"
            ),
            (
                "ignore not strings", base + "\n[types.compare]\nignore = [1]",
                "cksync.toml:22: types[2].compare.ignore: element 1 is an integer (1), expected an array of strings"
            ),
            (
                "types as a table", "[types]\nname = \"x\"",
                "cksync.toml:1: types: expected an array of tables ([[types]] blocks), found a table"
            ),
            (
                "container prefix", "[remotes.p]\nkind = \"cloudkit\"\ncontainer = \"com.example\"",
                "cksync.toml:3: remotes.p.container: \"com.example\" is not a CloudKit container identifier (it starts with \"iCloud.\")"
            ),
            (
                "missing container", "[remotes.p]\nkind = \"cloudkit\"",
                "cksync.toml:1: remotes.p: a cloudkit remote needs `container` (such as container = \"iCloud.com.example.App\")"
            ),
            (
                "bad environment", "[remotes.p]\nkind = \"cloudkit\"\ncontainer = \"iCloud.a\"\nenvironment = \"prod\"",
                "cksync.toml:4: remotes.p.environment: unknown value \"prod\" (expected \"development\" or \"production\")"
            ),
            (
                "bad kind", "[remotes.p]\nkind = \"s3\"",
                "cksync.toml:2: remotes.p.kind: unknown kind \"s3\" (expected \"local\" or \"cloudkit\")"
            ),
            (
                "bad endpoint",
                "[remotes.p]\nkind = \"cloudkit\"\ncontainer = \"iCloud.a\"\nendpoint = \"localhost:8080\"",
                "cksync.toml:4: remotes.p.endpoint: \"localhost:8080\" is not an http:// or https:// URL"
            ),
            (
                "bad remote name", "[remotes.\"a/b\"]\nkind = \"local\"",
                "cksync.toml:1: remotes.a/b: invalid remote name \"a/b\" (letters, digits, \"-\", \"_\" and \".\", starting with a letter or digit: it becomes part of a git ref)"
            ),
            (
                "unknown key in a dotted key", "remotes.local.kind = \"local\"\nremotes.local.pth = \"x\"",
                "cksync.toml:2: remotes.local.pth: unknown key in a local remote (expected one of kind, path)"
            ),
        ]

        @Test(arguments: cases)
        func rejects(_ name: String, text: String, expected: String) {
            let error = #expect(throws: ConfigError.self, "\(name)") {
                try WorkspaceConfiguration.parse(text, file: "cksync.toml")
            }
            #expect(error?.description == expected, "\(name)")
        }

        @Test func malformedTOMLHasLineAndColumn() throws {
            let error = try #require(throws: ConfigError.self) {
                try WorkspaceConfiguration.parse(
                    "default-remote = \"local\"\n\n[remotes.local\nkind = 1", file: "cksync.toml")
            }
            #expect(error.line == 3)
            #expect(error.key == nil)
            #expect(error.description.hasPrefix("cksync.toml:3: invalid TOML at column "))
        }

        @Test func duplicateKeyIsATOMLError() throws {
            let error = try #require(throws: ConfigError.self) {
                try WorkspaceConfiguration.parse(
                    "[remotes.local]\nkind = \"local\"\nkind = \"local\"", file: "cksync.toml")
            }
            #expect(error.line == 3)
        }
    }
}
