/// The parsed `cksync.toml` of a workspace (see docs/configuration.md).
public struct WorkspaceConfiguration: Sendable, Hashable {
    /// The remote used when `--remote` is not given.
    public var defaultRemote: String?
    /// Remotes in the order the file declares them.
    public var remotes: [RemoteConfiguration]
    /// Record types in the order the file declares them.
    public var types: [RecordTypeConfiguration]
    /// How error messages name the file this came from (`--config`, or cksync.toml).
    public var file = WorkspaceConfiguration.fileName
    /// The grants of every record type in `cksync schema` (`[schema.grants]`; CloudKit's usual
    /// public-database grants by default).
    public var schemaGrants = SchemaGrant.usual
    /// Whether a sync repacks the snapshot repository when it has many packs (`[gc] auto`).
    public var automaticGC = true

    public init(defaultRemote: String?, remotes: [RemoteConfiguration], types: [RecordTypeConfiguration]) {
        self.defaultRemote = defaultRemote
        self.remotes = remotes
        self.types = types
    }
}

/// One `[remotes.NAME]` table.
public struct RemoteConfiguration: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The embedded remote: a SQLite file with CloudKit's semantics.
        case local(path: String)
        /// CloudKit Web Services (or any server that speaks it, such as `cksync serve`).
        case cloudkit(CloudKitSettings)
    }

    public struct CloudKitSettings: Sendable, Hashable {
        public var container: String
        public var environment: String
        public var database: String
        public var zone: String
        public var keyID: String?
        public var privateKeyFile: String?
        public var endpoint: String
        /// The `.ckdb` file the remote's schema was exported to, as written in cksync.toml
        /// (relative to the workspace); a push to production checks it covers the configuration.
        public var schema: String?

        public init(
            container: String, environment: String, database: String, zone: String,
            keyID: String?, privateKeyFile: String?, endpoint: String, schema: String? = nil
        ) {
            self.container = container
            self.environment = environment
            self.database = database
            self.zone = zone
            self.keyID = keyID
            self.privateKeyFile = privateKeyFile
            self.endpoint = endpoint
            self.schema = schema
        }
    }

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// The format of a source file.
public enum SourceFormat: String, Sendable, Hashable, CaseIterable {
    case csv
    /// A JSON array of objects, or a JSON object of objects keyed by record id.
    case json
    /// JSON Lines: one object per line.
    case jsonl
}

/// One `[[types]]` entry: a source file mapped to one CloudKit record type.
public struct RecordTypeConfiguration: Sendable, Hashable {
    public var name: String
    /// The source path as written in cksync.toml, relative to the workspace.
    public var source: String
    public var format: SourceFormat
    public var recordName: RecordNameTemplate
    /// Fields sorted by name.
    public var fields: [FieldMapping]
    public var compare: CompareRules
    /// What a record that cannot be mapped does to the read (`invalid-records`).
    public var invalidRecords: InvalidRecordsPolicy = .error
    /// Where cksync.toml names the source (`cksync.toml:12`), for messages about the file; `nil`
    /// for a configuration built in code.
    public var sourceDeclaration: String?

    public init(
        name: String, source: String, format: SourceFormat, recordName: RecordNameTemplate,
        fields: [FieldMapping], compare: CompareRules
    ) {
        self.name = name
        self.source = source
        self.format = format
        self.recordName = recordName
        self.fields = fields.sorted { $0.name < $1.name }
        self.compare = compare
    }
}

/// How one CloudKit field is built from source columns.
public struct FieldMapping: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// One source column (for LOCATION: a JSON object with latitude and longitude).
        case column(String)
        /// LOCATION from two columns.
        case coordinates(latitude: String, longitude: String)
    }

    /// The CloudKit field name.
    public var name: String
    public var type: FieldType
    public var source: Source
    /// For a list type read from a CSV cell: the separator between elements.
    public var separator: String?
    /// For REFERENCE fields: the action stored with the reference.
    public var referenceAction: ReferenceAction
    /// The indexes `cksync schema` gives the field, sorted.
    public var indexes: [SchemaIndex]
    /// `type = "BOOLEAN"`: an INT64 field (0 or 1, as CloudKit stores booleans) read from a truth
    /// value: JSON `true`/`false`, or `true`, `false`, `yes`, `no`, `1`, `0` in any case.
    public var isBoolean: Bool

    public init(
        name: String, type: FieldType, source: Source, separator: String? = nil,
        referenceAction: ReferenceAction = .none, indexes: [SchemaIndex] = [], isBoolean: Bool = false
    ) {
        self.isBoolean = isBoolean
        self.name = name
        self.type = type
        self.source = source
        self.separator = separator
        self.referenceAction = referenceAction
        self.indexes = indexes.sorted()
    }
}

/// The rules under which two versions of a record count as equal.
public struct CompareRules: Sendable, Hashable {
    /// Degrees within which LOCATION latitude and longitude count as equal.
    public var locationTolerance: Double
    /// Absolute difference within which DOUBLE values count as equal.
    public var doubleTolerance: Double
    /// Fields that never make a record "updated".
    public var ignore: Set<String>

    public static let `default` = CompareRules(locationTolerance: 0.0001, doubleTolerance: 0, ignore: [])

    public init(locationTolerance: Double, doubleTolerance: Double, ignore: Set<String>) {
        self.locationTolerance = locationTolerance
        self.doubleTolerance = doubleTolerance
        self.ignore = ignore
    }
}
