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

    /// A configuration with these remotes and record types.
    public init(defaultRemote: String?, remotes: [RemoteConfiguration], types: [RecordTypeConfiguration]) {
        self.defaultRemote = defaultRemote
        self.remotes = remotes
        self.types = types
    }
}

/// One `[remotes.NAME]` table.
public struct RemoteConfiguration: Sendable, Hashable {
    /// What kind of remote, with its settings.
    public enum Kind: Sendable, Hashable {
        /// The embedded remote: a SQLite file with CloudKit's semantics.
        case local(path: String)
        /// CloudKit Web Services (or any server that speaks it, such as `cksync serve`).
        case cloudkit(CloudKitSettings)
    }

    /// Where a `kind = "cloudkit"` remote is and how requests to it are signed.
    public struct CloudKitSettings: Sendable, Hashable {
        /// The container identifier (`iCloud.com.example.app`).
        public var container: String
        /// `development` or `production`.
        public var environment: String
        /// `public` or `private`.
        public var database: String
        /// The record zone (`_defaultZone`).
        public var zone: String
        /// The server-to-server key id (`key-id`); `nil`: an API token from `$CKSYNC_API_TOKEN` instead.
        public var keyID: String?
        /// The PEM file of the signing key (`private-key-file`), relative to the workspace;
        /// `$CKSYNC_PRIVATE_KEY` wins when set.
        public var privateKeyFile: String?
        /// The server's base URL (`https://api.apple-cloudkit.com`, or a `cksync serve`).
        public var endpoint: String
        /// The `.ckdb` file the remote's schema was exported to, as written in cksync.toml
        /// (relative to the workspace); a push to production checks it covers the configuration.
        public var schema: String?

        /// The settings of one CloudKit remote.
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

    /// The remote's name (the `NAME` of `[remotes.NAME]`).
    public var name: String
    /// What kind of remote it is, and where.
    public var kind: Kind

    /// A remote named `name`.
    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// The format of a source file.
public enum SourceFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 4180 CSV with a header row.
    case csv
    /// A JSON array of objects, or a JSON object of objects keyed by record id.
    case json
    /// JSON Lines: one object per line.
    case jsonl
}

/// One `[[types]]` entry: a source file mapped to one CloudKit record type.
public struct RecordTypeConfiguration: Sendable, Hashable {
    /// The CloudKit record type.
    public var name: String
    /// The source path as written in cksync.toml, relative to the workspace.
    public var source: String
    /// How the source is read.
    public var format: SourceFormat
    /// How each record's name is built from its row.
    public var recordName: RecordNameTemplate
    /// Fields sorted by name, each name once.
    public var fields: [FieldMapping]
    /// When two versions of a record count as equal.
    public var compare: CompareRules
    /// What a record that cannot be mapped does to the read (`invalid-records`).
    public var invalidRecords: InvalidRecordsPolicy = .error
    /// Where cksync.toml names the source (`cksync.toml:12`), for messages about the file; `nil`
    /// for a configuration built in code.
    public var sourceDeclaration: String?
    /// The folder ASSET paths are relative to (`assets`), relative to the workspace and without a
    /// final `/`; `nil`: the folder of the source.
    public var assets: String?

    /// Whether any field holds files (ASSET or ASSET_LIST).
    public var hasAssetFields: Bool {
        fields.contains { $0.type.holdsFiles }
    }

    /// A record type read from `source`; `fields` are sorted by name.
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
    /// Where a field's value comes from.
    public enum Source: Sendable, Hashable {
        /// One source column (for LOCATION: a JSON object with latitude and longitude).
        case column(String)
        /// LOCATION from two columns.
        case coordinates(latitude: String, longitude: String)
    }

    /// The CloudKit field name.
    public var name: String
    /// The CloudKit type of the field (INT64 for BOOLEAN).
    public var type: FieldType
    /// The column or columns the value is read from.
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

    /// A field named `name` of `type`, read from `source`.
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

    /// The rules without a `[types.compare]` table: locations within 0.0001 degrees are equal.
    public static let `default` = CompareRules(locationTolerance: 0.0001, doubleTolerance: 0, ignore: [])

    /// Rules with these tolerances and ignored fields.
    public init(locationTolerance: Double, doubleTolerance: Double, ignore: Set<String>) {
        self.locationTolerance = locationTolerance
        self.doubleTolerance = doubleTolerance
        self.ignore = ignore
    }
}
