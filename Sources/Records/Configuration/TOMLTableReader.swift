import TOMLKit

/// Where configuration errors point: the file as the user named it, and key lines.
struct ConfigurationSource: Sendable {
    var file: String
    var locator: TOMLLineLocator

    /// An error about `path` (a dotted key such as `types[2].fields.elevation`), at its line.
    func error(_ path: String, _ message: String) -> ConfigError {
        ConfigError(
            file: file, line: path.isEmpty ? nil : locator.line(of: path), key: path.isEmpty ? nil : path,
            message: message)
    }
}

/// Typed, path-aware reads from one TOML table, with an unknown-key check.
struct TOMLTableReader {
    let table: TOMLTable
    /// The dotted path of this table; empty for the document.
    let path: String
    let source: ConfigurationSource

    /// The dotted path of `key` in this table.
    func path(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Throws for the first key (in line order) that is not one of `allowed`.
    func rejectUnknownKeys(allowed: [String], in what: String) throws(ConfigError) {
        let unknown = table.keys.filter { !allowed.contains($0) }
            .sorted { (source.locator.line(of: path($0)) ?? 0) < (source.locator.line(of: path($1)) ?? 0) }
        if let key = unknown.first {
            let list = allowed.joined(separator: ", ")
            throw source.error(path(key), "unknown key in \(what) (expected one of \(list))")
        }
    }

    func value(_ key: String) -> TOMLValueConvertible? { table[key] }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw typeError(key, value, expected: "a string") }
        return string
    }

    func requiredString(_ key: String, in what: String, example: String) throws(ConfigError) -> String {
        guard let string = try string(key) else {
            throw source.error(path, "\(what) needs `\(key)` (such as \(key) = \(example))")
        }
        guard !string.isEmpty else { throw source.error(path(key), "must not be empty") }
        return string
    }

    /// An integer or floating-point number.
    func number(_ key: String) throws(ConfigError) -> Double? {
        guard let value = table[key] else { return nil }
        if let double = value.double { return double }
        if let int = value.int { return Double(int) }
        throw typeError(key, value, expected: "a number")
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { throw typeError(key, value, expected: "true or false") }
        return bool
    }

    func table(_ key: String) throws(ConfigError) -> TOMLTableReader? {
        guard let value = table[key] else { return nil }
        guard let child = value.table else { throw typeError(key, value, expected: "a table") }
        return TOMLTableReader(table: child, path: path(key), source: source)
    }

    func stringArray(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw typeError(key, value, expected: "an array of strings") }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.string else {
                throw source.error(
                    path(key), "element \(index + 1) is \(Self.describe(element)), expected an array of strings")
            }
            strings.append(string)
        }
        return strings
    }

    func typeError(_ key: String, _ value: TOMLValueConvertible, expected: String) -> ConfigError {
        source.error(path(key), "expected \(expected), found \(Self.describe(value))")
    }

    /// `a string ("INT")`, `an integer (3)`, `a table`.
    static func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "a string (\"\(value.string ?? "")\")"
        case .int: "an integer (\(value.int ?? 0))"
        case .double: "a floating-point number (\(value.double ?? 0))"
        case .bool: "a boolean (\(value.bool ?? false))"
        case .array: "an array"
        case .table: "a table"
        case .date, .time, .dateTime: "a \(value.type)"
        }
    }
}
