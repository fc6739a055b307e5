/// A CloudKit schema: what `cktool export-schema` writes and `import-schema` reads, as values
/// (the CloudKit Schema Language, cloudkit-protocol.md §12).
public struct CloudKitSchema: Sendable, Hashable {
    /// Roles the schema creates (`CREATE ROLE name;`), in file order.
    public var roles: [String]
    /// Record types in file order.
    public var recordTypes: [RecordTypeSchema]

    /// A schema creating `roles` and declaring `recordTypes`.
    public init(roles: [String] = [], recordTypes: [RecordTypeSchema]) {
        self.roles = roles
        self.recordTypes = recordTypes
    }

    /// The record type named `name`, if the schema has one.
    public func recordType(named name: String) -> RecordTypeSchema? {
        recordTypes.first { $0.name == name }
    }
}

/// One `RECORD TYPE Name ( … );` statement.
public struct RecordTypeSchema: Sendable, Hashable {
    /// The record type's name.
    public var name: String
    /// Fields in file order, system fields included.
    public var fields: [FieldSchema]
    /// Who may read, create and write records of the type.
    public var grants: [SchemaGrant]

    /// A record type with its fields (system fields included) and grants.
    public init(name: String, fields: [FieldSchema], grants: [SchemaGrant]) {
        self.name = name
        self.fields = fields
        self.grants = grants
    }

    /// The field named `name`, if the type has one.
    public func field(named name: String) -> FieldSchema? {
        fields.first { $0.name == name }
    }

    /// The field that stands for the record name in queries: indexed QUERYABLE, a type can be
    /// queried by record name, as cksync's fetch does (§11).
    public static let recordIDField = "___recordID"

    /// The system fields every exported record type carries first (§12); `___recordID`
    /// QUERYABLE, because cksync queries by record name.
    public static let systemFields = [
        FieldSchema(name: "___createTime", type: .scalar(.timestamp)),
        FieldSchema(name: "___createdBy", type: .scalar(.reference)),
        FieldSchema(name: "___etag", type: .scalar(.string)),
        FieldSchema(name: "___modTime", type: .scalar(.timestamp)),
        FieldSchema(name: "___modifiedBy", type: .scalar(.reference)),
        FieldSchema(name: recordIDField, type: .scalar(.reference), indexes: [.queryable]),
    ]

    /// Whether `name` is a system field (`___…`), which CloudKit maintains itself.
    public static func isSystemField(_ name: String) -> Bool { name.hasPrefix("___") }
}

/// One field of a record type: `name TYPE [QUERYABLE] [SEARCHABLE] [SORTABLE]`.
public struct FieldSchema: Sendable, Hashable {
    /// The field's name.
    public var name: String
    /// The field's type in the Schema Language.
    public var type: SchemaFieldType
    /// Sorted, without repeats.
    public var indexes: [SchemaIndex]

    /// A field of `type` with `indexes` (sorted and deduplicated).
    public init(name: String, type: SchemaFieldType, indexes: [SchemaIndex] = []) {
        self.name = name
        self.type = type
        self.indexes = Array(Set(indexes)).sorted()
    }
}
