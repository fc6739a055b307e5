import JSONCore

/// The source reader's layer over `JSONLexer`: the lexer's tokens with errors that name the
/// file, line and column (`InputError`), the file's first invalid UTF-8 byte (found by the survey)
/// honoured, and the values of records built as `RawValue`s.
///
/// It slices strings and numbers straight out of the buffer, unescapes only strings that contain a
/// backslash, and skips unwanted values without building them.
struct JSONScanner {
    var lexer: JSONLexer
    let path: String
    /// Offset of the first invalid UTF-8 byte of the file, or `Int.max`: input at or past it is not parsed.
    let invalidUTF8: Int
    /// How `end` is named in "found …" messages.
    var endName = "the end of the file"

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, line: Int, lineStart: Int, path: String, invalidUTF8: Int) {
        lexer = JSONLexer(base: base, start: start, end: end, line: line, lineStart: lineStart)
        self.path = path
        self.invalidUTF8 = invalidUTF8
    }

    var base: UnsafePointer<UInt8> { lexer.base }
    /// One past the last byte this scanner may read (a chunk's end, or a line's end for JSON Lines).
    var end: Int { lexer.end }
    var position: Int {
        get { lexer.position }
        set { lexer.position = newValue }
    }
    /// 1-based line of `position`, and the offset of its first byte.
    var line: Int { lexer.line }
    var lineStart: Int { lexer.lineStart }

    @inline(__always) var atEnd: Bool { lexer.atEnd }
    @inline(__always) var current: UInt8 { lexer.current }

    /// Skips JSON whitespace, counting lines.
    @inline(__always) mutating func skipWhitespace() { lexer.skipWhitespace() }

    /// An error at `offset` on the current line, or the file's UTF-8 error when that comes first.
    func error(_ message: String, at offset: Int? = nil) -> InputError {
        let offset = offset ?? position
        if offset >= invalidUTF8 { return utf8Error(anchorLine: line, anchorLineStart: lineStart) }
        let column = ByteScan.column(base, lineStart: lineStart, offset: min(offset, end))
        return InputError(file: path, line: line, column: column, message: message)
    }

    /// The lexer's error in the source reader's words.
    /// - Parameter open: where the token being read starts (a string's opening quote).
    func error(_ syntax: JSONSyntaxError, open: Int) -> InputError {
        let unterminated = "unterminated string (it starts at column \(column(of: open)))"
        switch syntax.kind {
        case .controlCharacterInString(0x0A): return error(unterminated, at: syntax.offset)
        case .controlCharacterInString: return error("control character in a string; escape it", at: syntax.offset)
        case .unterminatedString, .unterminatedEscape: return error(unterminated, at: open)
        case .badUnicodeEscape: return error("invalid \\u escape: expected four hex digits", at: syntax.offset)
        case .invalidEscape:
            return error(
                "invalid escape in a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u", at: syntax.offset)
        case .unpairedHighSurrogate, .unpairedLowSurrogate:
            return error("invalid \\u escape: unpaired surrogate", at: syntax.offset)
        case .invalidUTF8: return utf8Error(anchorLine: line, anchorLineStart: lineStart)
        case .numberExpectsDigit: return error("invalid number: expected a digit", at: syntax.offset)
        case .numberLeadingZero: return error("invalid number: leading zeros are not allowed", at: syntax.offset)
        case .numberFractionExpectsDigit: return error("invalid number: expected a digit after '.'", at: syntax.offset)
        case .numberExponentExpectsDigit:
            return error("invalid number: expected a digit in the exponent", at: syntax.offset)
        case .tooDeep:
            return error("values nested deeper than \(JSONLexer.maximumDepth) levels", at: syntax.offset)
        case .badLiteral: return error("expected a value, found \(found)", at: syntax.offset)
        }
    }

    /// The error for the file's first invalid UTF-8 byte, located by counting lines from an anchor
    /// at or before it.
    func utf8Error(anchorLine: Int, anchorLineStart: Int) -> InputError {
        var line = anchorLine
        var lineStart = anchorLineStart
        var i = anchorLineStart
        while i < invalidUTF8 {
            if base[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        let column = ByteScan.column(base, lineStart: lineStart, offset: invalidUTF8)
        let byte = String(base[invalidUTF8], radix: 16, uppercase: true)
        return InputError(file: path, line: line, column: column, message: "invalid UTF-8 (byte 0x\(byte))")
    }

    /// Describes what stands at the current position, for "expected …, found …" messages.
    var found: String {
        if atEnd { return endName }
        let byte = current
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    /// Consumes `byte` or throws "expected `what`".
    @inline(__always) mutating func expect(_ byte: UInt8, _ what: String) throws(InputError) {
        guard position < end, base[position] == byte else { throw error("expected \(what), found \(found)") }
        position += 1
    }

    func column(of offset: Int) -> Int { ByteScan.column(base, lineStart: lineStart, offset: offset) }

    // MARK: tokens

    /// Scans a string whose opening quote is at `position`; returns the span between the quotes.
    @inline(__always)
    mutating func scanString() throws(InputError) -> JSONStringToken {
        let open = position
        do {
            return try lexer.scanString(trackingASCII: false)
        } catch {
            throw self.error(error, open: open)
        }
    }

    /// The Swift string of a span, unescaping it when it holds a backslash (the survey checked UTF-8).
    func string(_ span: JSONStringToken) throws(InputError) -> String {
        do {
            return try lexer.string(span, validatingUTF8: false)
        } catch {
            throw self.error(error, open: span.start - 1)
        }
    }

    /// Scans a number at `position` following the JSON grammar; returns its text range.
    @inline(__always)
    mutating func scanNumber() throws(InputError) -> Range<Int> {
        do {
            let token = try lexer.scanNumber()
            return token.start..<token.end
        } catch {
            throw self.error(error, open: position)
        }
    }

    func text(_ range: Range<Int>) -> String { lexer.text(range.lowerBound, range.upperBound) }

    /// Consumes the literal `word` (true, false, null) whose first byte is at `position`.
    mutating func literal(_ word: StaticString) throws(InputError) {
        do {
            try lexer.literal(word)
        } catch {
            throw self.error(error, open: position)
        }
    }

    /// Counts one more nested array or object, refusing more than `JSONLexer.maximumDepth`.
    @inline(__always)
    mutating func enterContainer() throws(InputError) {
        do {
            try lexer.enterContainer()
        } catch {
            throw self.error(error, open: position)
        }
    }
}
