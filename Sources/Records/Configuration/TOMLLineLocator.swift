/// Finds the line on which a key of a TOML document is written.
///
/// TOMLKit does not expose source positions of keys, so this scans the text itself: it
/// tracks the current table header (`[remotes.local]`, `[[types]]`, `[types.fields]`) and
/// records every `key = value` line under its full dotted path. Array-of-tables elements are
/// numbered from 1 in paths (`types[2].fields.elevation`), the way people count them.
///
/// It understands what cksync.toml needs: bare, quoted and dotted keys, table and
/// array-of-tables headers, and values spanning lines (multi-line strings and arrays), whose
/// inner lines are skipped. A key not found maps to its nearest ancestor that was found.
struct TOMLLineLocator: Sendable {
    /// Dotted path → 1-based line.
    private(set) var lines: [String: Int] = [:]

    init(text: String) {
        var tablePath: [String] = []
        var arrayCounts: [String: Int] = [:]
        var pending = PendingValue()
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so both line endings are separators here.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if pending.isOpen {
                pending.scan(line)
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard let first = trimmed.first, first != "#" else { continue }
            if trimmed.hasPrefix("[[") {
                let names = Self.keyPath(Self.headerBody(trimmed.dropFirst(2), closing: "]]"))
                // The last name is the array itself; only its parents resolve to their latest element.
                var resolved = Self.resolve(Array(names.dropLast()), arrayCounts: arrayCounts) + [names.last!]
                let arrayKey = Self.dotted(resolved)
                let index = (arrayCounts[arrayKey] ?? 0) + 1
                arrayCounts[arrayKey] = index
                resolved[resolved.count - 1] += "[\(index)]"
                tablePath = resolved
                record(tablePath, line: lineNumber)
            } else if first == "[" {
                tablePath = Self.resolve(
                    Self.keyPath(Self.headerBody(trimmed.dropFirst(), closing: "]")), arrayCounts: arrayCounts)
                record(tablePath, line: lineNumber)
            } else if let equals = Self.firstUnquoted("=", in: trimmed) {
                let key = Self.keyPath(trimmed[trimmed.startIndex..<equals])
                record(tablePath + key, line: lineNumber)
                pending.scan(trimmed[trimmed.index(after: equals)...])
            }
        }
    }

    /// The line of `path` (such as `types[2].fields.elevation`), or of its nearest ancestor.
    func line(of path: String) -> Int? {
        var candidate = Substring(path)
        while true {
            if let line = lines[String(candidate)] { return line }
            guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            candidate = candidate[..<cut]
        }
    }

    private mutating func record(_ path: [String], line: Int) {
        guard !path.isEmpty else { return }
        let key = Self.dotted(path)
        if lines[key] == nil { lines[key] = line }
    }

    /// `[types.fields]` after the second `[[types]]` means `types[2].fields`.
    private static func resolve(_ names: [String], arrayCounts: [String: Int]) -> [String] {
        var resolved: [String] = []
        for name in names {
            resolved.append(name)
            let key = dotted(resolved)
            if let index = arrayCounts[key] { resolved[resolved.count - 1] += "[\(index)]" }
        }
        return resolved
    }

    static func dotted(_ path: [String]) -> String { path.joined(separator: ".") }

    private static func headerBody(_ text: Substring, closing: String) -> Substring {
        guard let end = firstUnquoted(Character(String(closing.first!)), in: text) else { return text }
        return text[..<end]
    }

    /// Splits `a."b.c" . d` into `["a", "b.c", "d"]`.
    static func keyPath(_ text: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current)
                current = ""
            } else if character != " " && character != "\t" {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    private static func firstUnquoted(_ target: Character, in text: Substring) -> Substring.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\" && open == "\"" {
                    index = text.index(after: index)
                    if index == text.endIndex { break }
                } else if character == open {
                    quote = nil
                }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == target {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }
}

/// The state of a value that may continue on later lines: open brackets and multi-line strings.
private struct PendingValue {
    private var depth = 0
    private var multilineQuote: String?

    var isOpen: Bool { depth > 0 || multilineQuote != nil }

    mutating func scan(_ text: Substring) {
        var rest = text
        while let character = rest.first {
            if let quote = multilineQuote {
                if rest.hasPrefix(quote) {
                    multilineQuote = nil
                    rest = rest.dropFirst(3)
                } else {
                    rest = rest.dropFirst(character == "\\" && quote == "\"\"\"" ? 2 : 1)
                }
                continue
            }
            if rest.hasPrefix("\"\"\"") || rest.hasPrefix("'''") {
                multilineQuote = String(rest.prefix(3))
                rest = rest.dropFirst(3)
            } else if character == "\"" || character == "'" {
                rest = rest.dropFirst()
                while let inner = rest.first, inner != character {
                    rest = rest.dropFirst(inner == "\\" && character == "\"" ? 2 : 1)
                }
                rest = rest.dropFirst()
            } else if character == "#" {
                return
            } else {
                if character == "[" || character == "{" { depth += 1 }
                if character == "]" || character == "}" { depth = max(0, depth - 1) }
                rest = rest.dropFirst()
            }
        }
    }
}
