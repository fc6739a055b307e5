import Records
import Testing

/// The CloudKit Schema Language: what `cksync schema` writes, what `--check` reads, and what an
/// exported schema lacks of a configuration.
@Suite("CloudKit schema language")
struct SchemaLanguageTests {
    static let configuration = """
        [[types]]
        name = "Airport"
        source = "data/airports.csv"
        record-name = "{icao}"

        [types.fields]
        name = { type = "STRING", indexes = ["SEARCHABLE", "QUERYABLE", "SORTABLE"] }
        elevation = { type = "INT64", indexes = ["SORTABLE"] }
        aliases = "STRING_LIST"
        location = "LOCATION"
        opened = "TIMESTAMP"
        photo = "BYTES"
        rating = "DOUBLE"
        operator = { type = "REFERENCE", action = "DELETE_SELF" }
        gates = "REFERENCE_LIST"

        [schema.grants]
        _creator = ["WRITE", "READ"]
        _world = ["READ"]
        editors = ["CREATE", "WRITE"]
        """

    static func schema() throws -> CloudKitSchema {
        CloudKitSchema(configuration: try WorkspaceConfiguration.parse(configuration, file: "cksync.toml"))
    }

    @Test func writesTheFormCktoolExports() throws {
        let text = try Self.schema().text
        #expect(
            text == """
                DEFINE SCHEMA

                    CREATE ROLE editors;

                    RECORD TYPE Airport (
                        "___createTime" TIMESTAMP,
                        "___createdBy"  REFERENCE,
                        "___etag"       STRING,
                        "___modTime"    TIMESTAMP,
                        "___modifiedBy" REFERENCE,
                        "___recordID"   REFERENCE QUERYABLE,
                        aliases         LIST<STRING>,
                        elevation       INT64 SORTABLE,
                        gates           LIST<REFERENCE>,
                        location        LOCATION,
                        name            STRING QUERYABLE SEARCHABLE SORTABLE,
                        opened          TIMESTAMP,
                        operator        REFERENCE,
                        photo           BYTES,
                        rating          DOUBLE,
                        GRANT READ, WRITE TO "_creator",
                        GRANT READ TO "_world",
                        GRANT CREATE, WRITE TO "editors"
                    );

                """)
    }

    @Test func readsBackWhatItWrites() throws {
        let schema = try Self.schema()
        #expect(try CloudKitSchema(parsing: schema.text, file: "s.ckdb") == schema)
        #expect(try CloudKitSchema(parsing: schema.text, file: "s.ckdb").differences(from: schema).isEmpty)
    }

    @Test func readsCommentsQuotesAndEveryTypeForm() throws {
        let text = """
            // exported by cktool
            define schema
            -- a role
            create role "Editors With Spaces";
            /* a record type,
               over two lines */
            RECORD TYPE "Odd \\"Type\\"" (
                "___recordID" REFERENCE queryable,
                "list of lists" LIST<LIST<INT64>>,
                count NUMBER PREFERRED AS INT64 SORTABLE,
                amount NUMBER,
                secret ENCRYPTED STRING,
                picture ASSET,
                type STRING,
                GRANT READ, CREATE, WRITE TO "Editors With Spaces",
            );
            """
        let schema = try CloudKitSchema(parsing: text, file: "s.ckdb")
        #expect(schema.roles == ["Editors With Spaces"])
        let type = try #require(schema.recordType(named: "Odd \"Type\""))
        #expect(type.field(named: "___recordID")?.indexes == [.queryable])
        #expect(type.field(named: "list of lists")?.type == .list(.list(.scalar(.int64))))
        #expect(type.field(named: "count")?.type == .number(preferred: .int64))
        #expect(type.field(named: "count")?.indexes == [.sortable])
        #expect(type.field(named: "amount")?.type == .number(preferred: nil))
        #expect(type.field(named: "secret")?.type == .encrypted(.scalar(.string)))
        #expect(type.field(named: "picture")?.type == .scalar(.asset))
        #expect(type.field(named: "type")?.type == .scalar(.string))
        #expect(type.grants == [SchemaGrant(role: "Editors With Spaces", permissions: [.write, .create, .read])])
        // What it writes reads back the same.
        #expect(try CloudKitSchema(parsing: schema.text, file: "s.ckdb") == schema)
    }

    /// (text, the error's description)
    static let errors: [(String, String)] = [
        ("RECORD TYPE A ( name STRING );", "s.ckdb:1:1: a schema file starts with DEFINE SCHEMA, found \"RECORD\""),
        (
            "DEFINE SCHEMA\nRECORD TYPE A (\n  name STRNG\n);",
            "s.ckdb:3:8: field \"name\": unknown type \"STRNG\" (expected ASSET, BYTES, DOUBLE, INT64, LOCATION, REFERENCE, STRING, TIMESTAMP, NUMBER, LIST<…>, ENCRYPTED …)"
        ),
        (
            "DEFINE SCHEMA\nRECORD TYPE A (\n  name STRING INDEXED\n);",
            "s.ckdb:3:15: field \"name\": unknown option \"INDEXED\" (expected QUERYABLE, SEARCHABLE or SORTABLE, or \",\" before the next member)"
        ),
        (
            "DEFINE SCHEMA\nRECORD TYPE A (\n  name STRING\n)",
            "s.ckdb:4:2: expected \";\" after the statement, found end of file"
        ),
        (
            "DEFINE SCHEMA\nRECORD TYPE A (\n  tags LIST<STRING\n);",
            "s.ckdb:4:1: expected \">\" after the element type of LIST, found \")\""
        ),
        ("DEFINE SCHEMA\nRECORD TYPE A (\n  \"name STRING\n);", "s.ckdb:3:3: quoted name is never closed"),
        ("DEFINE SCHEMA\n/* open", "s.ckdb:2:1: comment is never closed (*/)"),
        (
            "DEFINE SCHEMA\nRECORD TYPE A (\n  a STRING,\n  a INT64\n);",
            "s.ckdb:4: record type \"A\": field \"a\" is defined twice"
        ),
        (
            "DEFINE SCHEMA\nRECORD TYPE A ( a STRING );\nRECORD TYPE A ( b STRING );",
            "s.ckdb:3: record type \"A\" is defined twice"
        ),
        (
            "DEFINE SCHEMA\nRECORD TYPE A (\n  GRANT DELETE TO \"_world\"\n);",
            "s.ckdb:3:9: expected READ, CREATE or WRITE after GRANT, found \"DELETE\""
        ),
        (
            "DEFINE SCHEMA\nRECORD TYPE A (\n  n NUMBER PREFERRED AS STRING\n);",
            "s.ckdb:3:25: field \"n\": expected INT64 or DOUBLE after PREFERRED AS"
        ),
        ("DEFINE SCHEMA\nDROP TYPE A;", "s.ckdb:2:1: expected CREATE ROLE or RECORD TYPE, found \"DROP\""),
        ("DEFINE SCHEMA\nRECORD TYPE A ( a STRING ) @", "s.ckdb:2:28: unexpected character \"@\""),
    ]

    @Test(arguments: errors)
    func parseErrorsNameTheLine(_ text: String, _ expected: String) {
        let error = #expect(throws: InputError.self) { try CloudKitSchema(parsing: text, file: "s.ckdb") }
        #expect(error?.description == expected)
    }

    @Test func differencesListWhatTheExportLacks() throws {
        let required = try Self.schema()
        var exported = required
        var airport = exported.recordTypes[0]
        airport.fields.removeAll { $0.name == "photo" }
        airport.fields[5].indexes = []  // ___recordID
        airport.fields = airport.fields.map { field in
            var field = field
            if field.name == "elevation" { field.type = .scalar(.string) }
            if field.name == "rating" { field.type = .number(preferred: nil) }  // holds a DOUBLE: fine
            if field.name == "opened" { field.type = .encrypted(.scalar(.timestamp)) }  // fine
            if field.name == "name" { field.indexes = [.queryable] }
            return field
        }
        airport.grants.removeAll { $0.role == "_world" }
        exported.recordTypes = [airport, RecordTypeSchema(name: "Unused", fields: [], grants: [])]
        #expect(
            exported.differences(from: required).map(\.description) == [
                "Airport: ___recordID is not QUERYABLE (cksync queries by record name)",
                "Airport.elevation: STRING in the schema, INT64 in cksync.toml",
                "Airport.name: not SEARCHABLE (cksync.toml asks for it)",
                "Airport.name: not SORTABLE (cksync.toml asks for it)",
                "Airport.photo: no such field (cksync.toml: BYTES)",
                "Airport: no GRANT READ TO \"_world\"",
            ])
        #expect(
            CloudKitSchema(recordTypes: []).differences(from: required).map(\.description) == [
                "Airport: no such record type"
            ])
    }

    @Test func numberPreferringTheOtherTypeDoesNotHoldIt() {
        #expect(SchemaFieldType.number(preferred: .int64).accepts(.scalar(.int64)))
        #expect(!SchemaFieldType.number(preferred: .int64).accepts(.scalar(.double)))
        #expect(SchemaFieldType.number(preferred: nil).accepts(.scalar(.double)))
        #expect(!SchemaFieldType.number(preferred: nil).accepts(.scalar(.string)))
        #expect(SchemaFieldType.list(.encrypted(.scalar(.string))).accepts(.list(.scalar(.string))))
        #expect(!SchemaFieldType.scalar(.string).accepts(.list(.scalar(.string))))
    }

    /// (cksync.toml fields, the error's description)
    static let configurationErrors: [(String, String)] = [
        (
            "photo = { type = \"ASSET\", indexes = [\"QUERYABLE\"] }",
            "cksync.toml:7: types[1].fields.photo.indexes: CloudKit indexes no file, and this field is ASSET"
        ),
        (
            "elevation = { type = \"INT64\", indexes = [\"SEARCHABLE\"] }",
            "cksync.toml:7: types[1].fields.elevation.indexes: SEARCHABLE is text search, for STRING fields only; this field is INT64"
        ),
        (
            "name = { type = \"STRING\", indexes = [\"FULLTEXT\"] }",
            "cksync.toml:7: types[1].fields.name.indexes: unknown index \"FULLTEXT\" (expected one of QUERYABLE, SEARCHABLE, SORTABLE)"
        ),
        (
            "name = { type = \"STRING\", indexes = [\"QUERYABLE\", \"QUERYABLE\"] }",
            "cksync.toml:7: types[1].fields.name.indexes: QUERYABLE is listed twice"
        ),
        (
            "name = \"STRING\"\n\n[schema.grants]\n_world = [\"DELETE\"]",
            "cksync.toml:10: schema.grants._world: unknown permission \"DELETE\" (expected READ, CREATE or WRITE)"
        ),
        (
            "name = \"STRING\"\n\n[schema.grants]\n_world = []",
            "cksync.toml:10: schema.grants._world: grants nothing: list READ, CREATE or WRITE, or remove the role"
        ),
        (
            "name = \"STRING\"\n\n[schema]\nroles = []",
            "cksync.toml:10: schema.roles: unknown key in the [schema] table (expected one of grants)"
        ),
    ]

    @Test(arguments: configurationErrors)
    func configurationErrorsNameTheKeyAndLine(_ fields: String, _ expected: String) {
        let text = """
            [[types]]
            name = "Airport"
            source = "data/airports.csv"
            record-name = "{icao}"

            [types.fields]
            \(fields)
            """
        let error = #expect(throws: ConfigError.self) { try WorkspaceConfiguration.parse(text, file: "cksync.toml") }
        #expect(error?.description == expected)
    }

    @Test func theUsualGrantsWhenNoneAreConfigured() throws {
        let text =
            "[[types]]\nname = \"A\"\nsource = \"a.csv\"\nrecord-name = \"{id}\"\n[types.fields]\nname = \"STRING\""
        let configuration = try WorkspaceConfiguration.parse(text, file: "cksync.toml")
        #expect(configuration.schemaGrants == SchemaGrant.usual)
        #expect(CloudKitSchema(configuration: configuration).roles.isEmpty)
    }
}
