/// A value as a source file gives it, before it is mapped to a CloudKit type.
public indirect enum RawValue: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// JSON `true` or `false`.
    case bool(Bool)
    /// A JSON number, kept as its source text so no precision is lost before mapping.
    case number(String)
    /// A JSON string or a CSV cell.
    case string(String)
    /// A JSON array.
    case array([RawValue])
    /// A JSON object.
    case object([String: RawValue])
}

/// One record's worth of source data: the values of the columns a `RecordMapper` asked for.
public struct SourceRow: Sendable {
    /// 1-based line of the record's start in the source file.
    public var line: Int
    /// The key of the record in a JSON object of objects; `nil` for other layouts.
    public var key: String?
    /// `values[i]` is the value of `RecordMapper.columns[i]`, `nil` when the row lacks it.
    public var values: [RawValue?]

    /// A row starting on `line`, keyed by `key` in a JSON object of objects, with the values a mapper asked for.
    public init(line: Int, key: String?, values: [RawValue?]) {
        self.line = line
        self.key = key
        self.values = values
    }
}
