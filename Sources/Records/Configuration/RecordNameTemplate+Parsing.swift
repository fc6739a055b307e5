extension RecordNameTemplate {
    /// Why a record-name template was rejected.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong with the template.
        public var message: String
        public var description: String { message }
    }

    /// Parses a template such as `"airport-{icao}"` or `"{$key}"`.
    ///
    /// Literal text and `{column}` placeholders; `{$key}` is the key of a record in a JSON object
    /// of objects. Braces are only placeholders: a `{` or `}` that does not open or close one is
    /// an error, and so is a template without any placeholder (every record would get one name).
    public init(parsing text: String) throws(ParseError) {
        var parts: [Part] = []
        var literal = ""
        var placeholder: String?
        for character in text {
            switch (character, placeholder) {
            case ("{", nil):
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                placeholder = ""
            case ("{", .some):
                throw ParseError(message: "\"\(text)\": a placeholder cannot contain \"{\"")
            case ("}", nil):
                throw ParseError(message: "\"\(text)\": \"}\" without a matching \"{\"")
            case ("}", .some(let name)):
                let trimmed = name.trimmingSpaces()
                if trimmed.isEmpty { throw ParseError(message: "\"\(text)\": empty placeholder \"{}\"") }
                if trimmed == "$key" {
                    parts.append(.objectKey)
                } else if trimmed.hasPrefix("$") {
                    throw ParseError(
                        message: "\"\(text)\": unknown placeholder {\(trimmed)} (only {$key} starts with $)")
                } else {
                    parts.append(.column(trimmed))
                }
                placeholder = nil
            case (_, .some(let name)):
                placeholder = name + String(character)
            case (_, nil):
                literal.append(character)
            }
        }
        if placeholder != nil { throw ParseError(message: "\"\(text)\": \"{\" without a matching \"}\"") }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        guard parts.contains(where: { if case .literal = $0 { false } else { true } }) else {
            throw ParseError(
                message: "\"\(text)\" has no placeholder: every record would get the same name "
                    + "(use a column, such as \"{id}\", or \"{$key}\")")
        }
        self.init(parts: parts, text: text)
    }

    /// The source columns the template reads, in order, without repeats.
    public var columns: [String] {
        var seen: Set<String> = []
        return parts.compactMap { part in
            guard case .column(let name) = part, seen.insert(name).inserted else { return nil }
            return name
        }
    }

    /// Whether the template uses `{$key}`.
    public var usesObjectKey: Bool { parts.contains(.objectKey) }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
