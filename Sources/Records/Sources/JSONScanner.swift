/// A byte-level JSON scanner over a validated UTF-8 buffer: the core of the JSON and JSON Lines readers.
///
/// It slices strings and numbers straight out of the buffer, unescapes only strings that contain a
/// backslash, and skips unwanted values without building them. It tracks the line (JSON allows raw
/// newlines only in whitespace) so every error names line and column.
struct JSONScanner {
    let base: UnsafePointer<UInt8>
    /// One past the last byte this scanner may read (a chunk's end, or a line's end for JSON Lines).
    var end: Int
    var position: Int
    /// 1-based line of `position`.
    var line: Int
    /// Offset of the first byte of `line`.
    var lineStart: Int
    let path: String
    /// Offset of the first invalid UTF-8 byte of the file, or `Int.max`: input at or past it is not parsed.
    let invalidUTF8: Int
    /// How `end` is named in "found …" messages.
    var endName = "the end of the file"

    static let maximumDepth = 512

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, line: Int, lineStart: Int, path: String, invalidUTF8: Int) {
        self.base = base
        self.position = start
        self.end = end
        self.line = line
        self.lineStart = lineStart
        self.path = path
        self.invalidUTF8 = invalidUTF8
    }

    @inline(__always) var atEnd: Bool { position >= end }
    @inline(__always) var current: UInt8 { base[position] }

    /// Skips JSON whitespace, counting lines.
    @inline(__always) mutating func skipWhitespace() {
        while position < end {
            switch base[position] {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A:
                position += 1
                line += 1
                lineStart = position
            default: return
            }
        }
    }

    /// An error at `offset` on the current line, or the file's UTF-8 error when that comes first.
    func error(_ message: String, at offset: Int? = nil) -> InputError {
        let offset = offset ?? position
        if offset >= invalidUTF8 { return utf8Error(anchorLine: line, anchorLineStart: lineStart) }
        let column = ByteScan.column(base, lineStart: lineStart, offset: min(offset, end))
        return InputError(file: path, line: line, column: column, message: message)
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

    // MARK: strings

    /// Scans a string whose opening quote is at `position`; returns the span between the quotes.
    mutating func scanString() throws(InputError) -> StringSpan {
        let open = position
        position += 1
        let start = position
        var escaped = false
        while position < end {
            let byte = base[position]
            if byte == 0x22 {
                let span = StringSpan(start: start, end: position, escaped: escaped)
                position += 1
                return span
            }
            if byte == 0x5C {
                escaped = true
                try scanEscape()
                continue
            }
            if byte < 0x20 {
                throw error(byte == 0x0A ? "unterminated string (it starts at column \(column(of: open)))"
                    : "control character in a string; escape it", at: position)
            }
            position += 1
        }
        throw error("unterminated string (it starts at column \(column(of: open)))", at: open)
    }

    /// Checks the escape whose backslash is at `position` and steps over it.
    private mutating func scanEscape() throws(InputError) {
        guard position + 1 < end else { return position += 1 }
        switch base[position + 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            position += 2
        case 0x75:
            guard end - position >= 6, (2..<6).allSatisfy({ hexValue(base[position + $0]) != nil }) else {
                throw error("invalid \\u escape: expected four hex digits")
            }
            position += 6
        default:
            throw error("invalid escape in a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u")
        }
    }

    @inline(__always) func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    func column(of offset: Int) -> Int { ByteScan.column(base, lineStart: lineStart, offset: offset) }

    /// The Swift string of a span, unescaping it when it holds a backslash.
    func string(_ span: StringSpan) throws(InputError) -> String {
        let buffer = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
        if !span.escaped { return String(decoding: buffer, as: UTF8.self) }
        return try unescape(span)
    }

    // MARK: numbers

    /// Scans a number at `position` following the JSON grammar; returns its text range.
    mutating func scanNumber() throws(InputError) -> Range<Int> {
        let start = position
        if position < end && base[position] == 0x2D { position += 1 }
        guard position < end, isDigit(base[position]) else { throw error("invalid number: expected a digit") }
        if base[position] == 0x30 {
            position += 1
            if position < end && isDigit(base[position]) {
                throw error("invalid number: leading zeros are not allowed")
            }
        } else {
            while position < end && isDigit(base[position]) { position += 1 }
        }
        if position < end && base[position] == 0x2E {
            position += 1
            guard position < end, isDigit(base[position]) else {
                throw error("invalid number: expected a digit after '.'")
            }
            while position < end && isDigit(base[position]) { position += 1 }
        }
        if position < end && (base[position] | 0x20) == 0x65 {
            position += 1
            if position < end && (base[position] == 0x2B || base[position] == 0x2D) { position += 1 }
            guard position < end, isDigit(base[position]) else {
                throw error("invalid number: expected a digit in the exponent")
            }
            while position < end && isDigit(base[position]) { position += 1 }
        }
        return start..<position
    }

    @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
    }

    /// Consumes the literal `word` (true, false, null) whose first byte is at `position`.
    mutating func literal(_ word: StaticString) throws(InputError) {
        let count = word.utf8CodeUnitCount
        let bytes = word.utf8Start
        guard end - position >= count, (0..<count).allSatisfy({ base[position + $0] == bytes[$0] }) else {
            throw error("expected a value, found \(found)")
        }
        position += count
    }
}

/// The bytes of a JSON string between its quotes.
struct StringSpan {
    var start: Int
    var end: Int
    /// Whether the string contains a backslash escape.
    var escaped: Bool
}
