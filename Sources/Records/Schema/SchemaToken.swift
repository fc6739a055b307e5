/// One token of a `.ckdb` file, with where it starts.
struct SchemaToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare word: a keyword or a plain name.
        case word(String)
        /// A name in double quotes, unescaped.
        case quoted(String)
        /// One of `( ) , ; < >`.
        case symbol(Character)
        case end
    }

    var kind: Kind
    var line: Int
    var column: Int

    /// The words the language reserves; a name spelled like one is written quoted.
    static let keywords: Set<String> = [
        "AS", "CREATE", "DEFINE", "ENCRYPTED", "GRANT", "LIST", "NUMBER", "PREFERRED", "QUERYABLE", "READ", "RECORD",
        "ROLE", "SCHEMA", "SEARCHABLE", "SORTABLE", "TO", "TYPE", "WRITE",
    ]

    /// A letter or `_`, then letters, digits and `_`: a name that needs no quotes.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isWordStart(first) else { return false }
        return name.unicodeScalars.allSatisfy(isWordPart)
    }

    static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        isWordStart(scalar) || ("0"..."9").contains(scalar)
    }

    /// How a message names the token: `"RECORD"`, `"("`, `end of file`.
    var display: String {
        switch kind {
        case .word(let word): "\"\(word)\""
        case .quoted(let name): "\"\(name)\""
        case .symbol(let symbol): "\"\(symbol)\""
        case .end: "end of file"
        }
    }
}
