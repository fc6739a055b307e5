/// How a source column's text is spelled and parsed.
public enum ColumnKind: Sendable, Equatable {
    /// Text; quoted in JSON.
    case string
    /// A whole number; bare in JSON.
    case integer
    /// A fixed-point number with at most `scale` fractional digits; bare in JSON.
    case decimal(scale: Int)
    /// "YYYY-MM-DDTHH:MM:SSZ"; quoted in JSON.
    case timestamp
    /// A list of strings: a JSON array, or `|`-separated in CSV.
    case list
}

/// One column of a source file.
public struct Column: Sendable {
    public let name: String
    public let kind: ColumnKind
    let nameBytes: [UInt8]

    public init(_ name: String, _ kind: ColumnKind) {
        self.name = name
        self.kind = kind
        nameBytes = Array(name.utf8)
    }
}

/// A CloudKit field type as cksync.toml spells it.
public enum CloudKitType: String, Sendable {
    case string = "STRING", int64 = "INT64", double = "DOUBLE", timestamp = "TIMESTAMP"
    case stringList = "STRING_LIST", location = "LOCATION"
}

/// One CloudKit field of a record type and the source column(s) it is built from
/// (two for LOCATION: latitude, longitude).
public struct FieldSpec: Sendable {
    public let name: String
    public let type: CloudKitType
    public let columns: [Int]
}

/// Everything about one synthetic record type: its source columns, the CloudKit fields
/// mapped from them, the compare rules, and how record names are spelled.
public struct RecordSchema: Sendable {
    /// The CloudKit record type.
    public let typeName: String
    /// Source columns in file order (CSV header order, JSON key order).
    public let columns: [Column]
    /// The column holding the record name (for a keyed JSON object: the key).
    public let nameColumn: Int
    /// Record names are `namePrefix` + base-36 of (id + `idOffset`).
    public let namePrefix: String
    public let idOffset: Int
    /// The CloudKit fields, as cksync.toml maps them.
    public let fields: [FieldSpec]
    /// `[types.compare]`.
    public let ignored: [String]
    public let locationTolerance: Double
    public let doubleTolerance: Double
    /// The timestamp column a modification moves forward.
    public let updatedColumn: Int

    /// Columns whose change makes the record "updated" under the compare rules.
    public var mutableColumns: [Int] {
        var result: [Int] = []
        for field in fields where !ignored.contains(field.name) {
            for column in field.columns where !result.contains(column) { result.append(column) }
        }
        return result.sorted()
    }

    /// Index of the column named `name`, comparing bytes.
    @inline(__always)
    func columnIndex<C: Collection<UInt8>>(named name: C) -> Int? {
        columns.firstIndex { $0.nameBytes.elementsEqual(name) }
    }
}

/// The on-disk shape of a source file.
public enum SourceFormat: String, Sendable {
    /// A header line, then one record a line.
    case csv
    /// `[`, one object a line separated by commas, `]`.
    case jsonArray
    /// One object a line.
    case jsonLines
    /// `{`, one `"key": {…}` a line separated by commas, `}`; the key is the record name.
    case jsonObject
}

/// One source of a workspace: a record type, a file and its format.
public struct SourceSpec: Sendable {
    public let schema: RecordSchema
    public let format: SourceFormat
    /// Path relative to the workspace, as cksync.toml names it.
    public let relativePath: String

    public init(schema: RecordSchema, format: SourceFormat, relativePath: String) {
        self.schema = schema
        self.format = format
        self.relativePath = relativePath
    }
}
