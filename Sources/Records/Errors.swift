/// Bad input in a data source: names the file, the line or record, and the field.
public struct InputError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The source path as written in cksync.toml.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, for syntax errors.
    public var column: Int?
    /// The record name, when known and there is no line.
    public var record: String?
    /// The CloudKit field, when the problem is one field.
    public var field: String?
    /// What is wrong, without the location (`"12a" is not an INT64`).
    public var message: String
    /// What the user could do about it, printed on a line of its own after the error.
    public var hint: String?

    /// An error at `file`, with as much of the location as is known.
    public init(
        file: String, line: Int? = nil, column: Int? = nil, record: String? = nil, field: String? = nil,
        message: String
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.record = record
        self.field = field
        self.message = message
    }

    /// `data/airports.csv:812: field "elevation": "12a" is not a DOUBLE`
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        if let record { text += ": record \"\(record)\"" }
        if let field { text += ": field \"\(field)\"" }
        return text + ": " + message + (hint.map { "\nhint: " + $0 } ?? "")
    }
}

/// A problem in `cksync.toml`: names the key and the line.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The configuration file as the user named it.
    public var file: String
    /// 1-based line of the key, when known.
    public var line: Int?
    /// The dotted key, such as `types[1].fields.elevation`.
    public var key: String?
    /// What is wrong, without the location.
    public var message: String

    /// An error in configuration file `file`, at `line` and `key` when known.
    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let key { text += ": \(key)" }
        return text + ": " + message
    }
}
