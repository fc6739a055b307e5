/// The one byte-level JSON lexer of cksync: whitespace (counting lines), strings and their
/// escapes, number slicing, literals and the nesting depth limit, over a buffer it does not own.
///
/// It slices tokens out of the buffer and leaves the grammar above them (objects, arrays, which
/// keys are allowed) and the wording of errors to its layers: the source reader
/// (`Records/Sources`), the record blob codec (`Records/Canonical`), the wire codec
/// (`CloudKitWeb/Reading`) and the server state blob (`Sync/ServerState`). Every check throws a
/// `JSONSyntaxError` with a byte offset; `line` and `lineStart` give the line of any offset on
/// the current line (JSON allows raw newlines only in whitespace, so a token never spans lines).
///
/// Strict RFC 8259: no raw control characters in strings, only the eight escapes and `\u` with four
/// hex digits, surrogates in pairs, numbers as the grammar spells them.
package struct JSONLexer {
    /// At most this many nested arrays and objects (`enterContainer`).
    package static let maximumDepth = 512

    package let base: UnsafePointer<UInt8>
    /// One past the last byte this lexer may read (a buffer's, a chunk's or a line's end).
    package var end: Int
    /// The offset of the next byte to read.
    package var position: Int
    /// 1-based line of `position`, counted by `skipWhitespace`.
    package var line: Int
    /// The offset of the first byte of `line`.
    package var lineStart: Int
    /// Arrays and objects entered and not yet left.
    package var depth = 0

    @inlinable
    package init(base: UnsafePointer<UInt8>, start: Int, end: Int, line: Int = 1, lineStart: Int = 0) {
        self.base = base
        self.position = start
        self.end = end
        self.line = line
        self.lineStart = lineStart
    }

    /// A lexer over all of `bytes` (an empty buffer may have no address).
    @inlinable
    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.init(base: bytes.baseAddress ?? JSONLexer.emptyBase, start: 0, end: bytes.count)
    }

    @usableFromInline
    nonisolated(unsafe) static let emptyBase = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))

    @inlinable package var atEnd: Bool { position >= end }
    @inlinable package var current: UInt8 { base[position] }

    /// Steps over a UTF-8 byte order mark at `position`, if there is one.
    @inlinable
    package mutating func skipByteOrderMark() {
        if end - position >= 3 && base[position] == 0xEF && base[position + 1] == 0xBB && base[position + 2] == 0xBF {
            position += 3
        }
    }

    /// Skips JSON whitespace, counting lines.
    @inlinable @inline(__always)
    package mutating func skipWhitespace() {
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

    // MARK: Depth

    /// Counts one more nested array or object (its bracket at `position`, not consumed).
    @inlinable
    package mutating func enterContainer() throws(JSONSyntaxError) {
        guard depth < Self.maximumDepth else { throw JSONSyntaxError(.tooDeep, at: position) }
        depth += 1
    }

    @inlinable
    package mutating func leaveContainer() { depth -= 1 }

    // MARK: Literals

    /// Consumes `word` (`true`, `false`, `null`) at `position`.
    @inlinable
    package mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let bytes = word.utf8Start
        guard end - position >= count else { throw JSONSyntaxError(.badLiteral, at: position) }
        for index in 0..<count where base[position + index] != bytes[index] {
            throw JSONSyntaxError(.badLiteral, at: position)
        }
        position += count
    }

    // MARK: Numbers

    /// Slices the number at `position` by RFC 8259's grammar and steps over it.
    @inlinable
    package mutating func scanNumber() throws(JSONSyntaxError) -> JSONNumberToken {
        let start = position
        if position < end && base[position] == 0x2D { position += 1 }
        guard isDigit(at: position) else { throw JSONSyntaxError(.numberExpectsDigit, at: position) }
        if base[position] == 0x30 {
            position += 1
            if isDigit(at: position) { throw JSONSyntaxError(.numberLeadingZero, at: position) }
        } else {
            skipDigits()
        }
        var isPlainInteger = true
        if position < end && base[position] == 0x2E {
            isPlainInteger = false
            position += 1
            guard isDigit(at: position) else { throw JSONSyntaxError(.numberFractionExpectsDigit, at: position) }
            skipDigits()
        }
        if position < end && base[position] | 0x20 == 0x65 {
            isPlainInteger = false
            position += 1
            if position < end && (base[position] == 0x2B || base[position] == 0x2D) { position += 1 }
            guard isDigit(at: position) else { throw JSONSyntaxError(.numberExponentExpectsDigit, at: position) }
            skipDigits()
        }
        return JSONNumberToken(start: start, end: position, isPlainInteger: isPlainInteger)
    }

    @inlinable @inline(__always)
    package func isDigit(at offset: Int) -> Bool { offset < end && base[offset] &- 0x30 < 10 }

    @inlinable @inline(__always)
    mutating func skipDigits() {
        while position < end && base[position] &- 0x30 < 10 { position += 1 }
    }

    /// The text of `start..<end` of the buffer (a number's, for messages and `Double(_:)`).
    @inlinable
    package func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// The number exactly as an `Int64` when it is written as a plain integer that fits; `nil` otherwise.
    @inlinable
    package func plainInt64(_ token: JSONNumberToken) -> Int64? {
        guard token.isPlainInteger else { return nil }
        var index = token.start
        let isNegative = base[index] == 0x2D
        if isNegative { index += 1 }
        if token.end - index < 19 {
            var magnitude: Int64 = 0
            while index < token.end {
                magnitude = magnitude &* 10 &+ Int64(base[index] &- 0x30)
                index += 1
            }
            return isNegative ? -magnitude : magnitude
        }
        var magnitude: UInt64 = 0
        while index < token.end {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(base[index] &- 0x30))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            index += 1
        }
        if isNegative { return magnitude <= 1 << 63 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return Int64(exactly: magnitude)
    }
}

/// Where a number's text lies, and whether it is a plain integer (no fraction, no exponent).
package struct JSONNumberToken: Hashable, Sendable {
    package var start: Int
    package var end: Int
    package var isPlainInteger: Bool

    @inlinable
    package init(start: Int, end: Int, isPlainInteger: Bool) {
        self.start = start
        self.end = end
        self.isPlainInteger = isPlainInteger
    }
}
