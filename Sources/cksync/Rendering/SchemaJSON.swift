import Records
import Snapshots

/// The `--json` forms of `cksync schema` (docs/json/schema.schema.json and schema-check.schema.json).
enum SchemaJSON {
    /// `schema` (the text `cktool import-schema` reads), `roles` and `recordTypes` with their
    /// fields and grants.
    static func members(_ schema: CloudKitSchema) -> [(String, JSONValue)] {
        [
            ("schema", .string(schema.text)),
            ("roles", .array(schema.roles.map(JSONValue.string))),
            (
                "recordTypes",
                .array(
                    schema.recordTypes.map { type in
                        .object([
                            ("name", .string(type.name)),
                            (
                                "fields",
                                .array(
                                    type.fields.map { field in
                                        .object([
                                            ("name", .string(field.name)), ("type", .string(field.type.description)),
                                            ("indexes", .array(field.indexes.map { .string($0.rawValue) })),
                                        ])
                                    })
                            ),
                            (
                                "grants",
                                .array(
                                    type.grants.map { grant in
                                        .object([
                                            ("role", .string(grant.role)),
                                            ("permissions", .array(grant.permissions.map { .string($0.rawValue) })),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ]
    }

    /// One difference: `kind`, `recordType`, and `field`, `expected`, `found` when they apply
    /// (`null` otherwise), and the sentence the text output prints.
    static func difference(_ difference: SchemaDifference) -> JSONValue {
        .object([
            ("kind", .string(difference.kind.rawValue)), ("recordType", .string(difference.recordType)),
            ("field", difference.field.map(JSONValue.string) ?? .null),
            ("expected", difference.expected.map(JSONValue.string) ?? .null),
            ("found", difference.found.map(JSONValue.string) ?? .null),
            ("message", .string(difference.description)),
        ])
    }
}
