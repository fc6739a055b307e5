/// Splits a `.ckdb` file into tokens: bare words, double-quoted names, and `( ) , ; < >`;
/// comments (`//` and `--` to the end of the line, `/* … */`) and white space are skipped.
struct SchemaLexer {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1

    init(text: String, file: String) {
        scalars = Array(text.unicodeScalars)
        self.file = file
    }

    /// Every token of the file, `.end` last.
    ///
    /// - Throws: `InputError` naming the file, line and column of an unterminated quote or
    ///   comment, or a character the language does not use.
    mutating func tokens() throws(InputError) -> [SchemaToken] {
        var tokens: [SchemaToken] = []
        while true {
            try skipSpaceAndComments()
            let (startLine, startColumn) = (line, column)
            guard let scalar = peek() else {
                tokens.append(SchemaToken(kind: .end, line: line, column: column))
                return tokens
            }
            let kind: SchemaToken.Kind
            if "(),;<>".unicodeScalars.contains(scalar) {
                advance()
                kind = .symbol(Character(scalar))
            } else if scalar == "\"" {
                kind = .quoted(try quotedName())
            } else if SchemaToken.isWordStart(scalar) || ("0"..."9").contains(scalar) {
                var word = ""
                while let next = peek(), SchemaToken.isWordPart(next) {
                    word.unicodeScalars.append(next)
                    advance()
                }
                kind = .word(word)
            } else {
                throw error("unexpected character \"\(Character(scalar))\"")
            }
            tokens.append(SchemaToken(kind: kind, line: startLine, column: startColumn))
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func skipSpaceAndComments() throws(InputError) {
        while let scalar = peek() {
            if scalar.properties.isWhitespace {
                advance()
            } else if (scalar == "/" && peek(1) == "/") || (scalar == "-" && peek(1) == "-") {
                while let next = peek(), next != "\n" { advance() }
            } else if scalar == "/" && peek(1) == "*" {
                let (startLine, startColumn) = (line, column)
                advance()
                advance()
                while !(peek() == "*" && peek(1) == "/") {
                    guard peek() != nil else {
                        throw InputError(
                            file: file, line: startLine, column: startColumn, message: "comment is never closed (*/)")
                    }
                    advance()
                }
                advance()
                advance()
            } else {
                return
            }
        }
    }

    /// A double-quoted name; `\"` and `\\` stand for `"` and `\`.
    private mutating func quotedName() throws(InputError) -> String {
        let (startLine, startColumn) = (line, column)
        advance()
        var name = ""
        while true {
            guard let scalar = peek(), scalar != "\n" else {
                throw InputError(
                    file: file, line: startLine, column: startColumn, message: "quoted name is never closed")
            }
            advance()
            if scalar == "\"" { return name }
            if scalar == "\\", let escaped = peek(), escaped == "\"" || escaped == "\\" {
                advance()
                name.unicodeScalars.append(escaped)
            } else {
                name.unicodeScalars.append(scalar)
            }
        }
    }

    private func error(_ message: String) -> InputError {
        InputError(file: file, line: line, column: column, message: message)
    }
}
