import JSONCore

/// Reads records from a JSON array of objects, a JSON object of objects, or JSON Lines.
///
/// A reader walks one chunk: it starts at a record boundary and, for the array and object layouts,
/// stops at the first record that starts at or after `stopAt` (the next chunk's start), reporting
/// where it stopped so the caller can check that the chunk boundary was a real one.
struct JSONSourceReader {
    /// How the records sit in the file.
    enum Layout: Sendable, Equatable {
        /// `[ {…}, {…} ]`
        case array
        /// `{ "id": {…}, … }`: each key is passed on as `SourceRow.key`.
        case objectOfObjects
        /// One object per line.
        case lines
    }

    private enum State {
        case first, element, afterElement, done
    }

    var scanner: JSONScanner
    let layout: Layout
    let matcher: ColumnMatcher
    let stopAt: Int
    private var state: State
    /// Where the reader stopped because the next record starts at or after `stopAt`; `nil` if it did not.
    private(set) var stoppedAt: ChunkPlanner.Boundary?
    /// Offset where the record returned last by `next()` ended.
    var offset: Int { scanner.position }
    /// Where the record returned last starts (its key, for an object of objects) and ends, and
    /// the line and line start it starts on.
    private var recordStart = 0
    private var recordEnd = 0
    private var recordLine = 0
    private var recordLineStart = 0

    /// The bytes of the record returned last: its key and object, or its object.
    var lastRecordBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: scanner.base + recordStart, count: recordEnd - recordStart)
    }

    /// A reader over `start..<end` of `bytes`.
    /// - Parameter first: whether `start` is just after the opening bracket (rather than at a record).
    init(
        bytes: SourceBytes, path: String, layout: Layout, columns: ColumnMatcher, start: Int, end: Int,
        line: Int, lineStart: Int, first: Bool, stopAt: Int = .max, invalidUTF8: Int = .max
    ) {
        scanner = JSONScanner(
            base: bytes.base, start: start, end: end, line: line, lineStart: lineStart, path: path,
            invalidUTF8: invalidUTF8)
        self.layout = layout
        self.matcher = columns
        self.stopAt = stopAt
        state = first ? .first : .element
    }

    /// Finds the layout of a JSON document (not JSON Lines): skips a BOM and whitespace and reads `[` or `{`.
    /// - Returns: the layout, and the offset and line just after the opening bracket.
    static func openDocument(_ bytes: SourceBytes, path: String, invalidUTF8: Int) throws(InputError)
        -> (layout: Layout, start: Int, line: Int, lineStart: Int)
    {
        var scanner = JSONScanner(
            base: bytes.base, start: 0, end: bytes.count, line: 1, lineStart: 0, path: path, invalidUTF8: invalidUTF8)
        scanner.lexer.skipByteOrderMark()
        scanner.skipWhitespace()
        guard !scanner.atEnd else {
            throw scanner.error("the file is empty; expected a JSON array or object of records")
        }
        let layout: Layout
        switch scanner.current {
        case 0x5B: layout = .array
        case 0x7B: layout = .objectOfObjects
        default: throw scanner.error("expected '[' or '{' at the top level, found \(scanner.found)")
        }
        return (layout, scanner.position + 1, scanner.lexer.line, scanner.lexer.lineStart)
    }

    /// The next record, or `nil` at the end of the chunk.
    mutating func next() throws(InputError) -> SourceRow? {
        try nextRecord(skim: false)?.row
    }

    /// The values of the record `nextRecord(skim: true)` delimited last.
    mutating func rescan() throws(InputError) -> SourceRow {
        let after = (scanner.position, scanner.lexer.line, scanner.lexer.lineStart, scanner.lexer.end)
        defer { (scanner.position, scanner.lexer.line, scanner.lexer.lineStart, scanner.lexer.end) = after }
        (scanner.position, scanner.lexer.line, scanner.lexer.lineStart) = (recordStart, recordLine, recordLineStart)
        scanner.lexer.end = max(scanner.lexer.end, recordEnd)
        switch layout {
        case .array: return try arrayElement()
        case .objectOfObjects: return try keyedElement()
        case .lines: return SourceRow(line: recordLine, key: nil, values: try rowValues())
        }
    }

    /// Steps over `length` bytes of whole records holding `lines` line feeds, from the end of a
    /// record (or the start of the data) to the end of another: known records, skipped.
    mutating func skip(_ length: Int, lines: Int) {
        let end = scanner.position + length
        if lines > 0 {
            var lineStart = end
            while scanner.base[lineStart - 1] != 0x0A { lineStart -= 1 }
            scanner.lexer.lineStart = lineStart
        }
        scanner.position = end
        scanner.lexer.line += lines
        state = .afterElement
    }

    /// The next record's line and, unless skimming, its values; `nil` at the end of the chunk.
    /// Skimming checks the record's syntax but builds none of its values (`rescan` builds them):
    /// the fast path for records a row cache is likely to know. `lastRecordBytes` is the record.
    mutating func nextRecord(skim: Bool) throws(InputError) -> (line: Int, row: SourceRow?)? {
        if layout == .lines { return try nextLine(skim: skim) }
        let close: UInt8 = layout == .array ? 0x5D : 0x7D
        scanner.skipWhitespace()
        switch state {
        case .done:
            return nil
        case .first:
            if !scanner.atEnd && scanner.current == close {
                try finish()
                return nil
            }
        case .afterElement:
            guard !scanner.atEnd else {
                throw scanner.error(
                    "expected ',' or '\(Character(Unicode.Scalar(close)))' after a record, found \(scanner.found)")
            }
            if scanner.current == close {
                try finish()
                return nil
            }
            try scanner.expect(0x2C, "',' or '\(Character(Unicode.Scalar(close)))' after a record")
            scanner.skipWhitespace()
            if scanner.position >= stopAt {
                stoppedAt = ChunkPlanner.Boundary(
                    offset: scanner.position, line: scanner.lexer.line, lineStart: scanner.lexer.lineStart)
                state = .done
                return nil
            }
        case .element:
            break
        }
        state = .afterElement
        let (line, lineStart) = (scanner.lexer.line, scanner.lexer.lineStart)
        (recordStart, recordLine, recordLineStart) = (scanner.position, line, lineStart)
        var row: SourceRow?
        if skim {
            try skipElement()
        } else {
            row = layout == .array ? try arrayElement() : try keyedElement()
        }
        recordEnd = scanner.position
        try checkUTF8(anchorLine: line, anchorLineStart: lineStart)
        return (line, row)
    }

    /// A record that reaches the file's first invalid UTF-8 byte is not passed on.
    private func checkUTF8(anchorLine: Int, anchorLineStart: Int) throws(InputError) {
        if scanner.position > scanner.invalidUTF8 {
            throw scanner.utf8Error(anchorLine: anchorLine, anchorLineStart: anchorLineStart)
        }
    }

    /// Steps over the closing bracket and checks that nothing follows it.
    private mutating func finish() throws(InputError) {
        scanner.position += 1
        state = .done
        scanner.skipWhitespace()
        if !scanner.atEnd { throw scanner.error("unexpected \(scanner.found) after the end of the top-level value") }
    }

    private mutating func arrayElement() throws(InputError) -> SourceRow {
        let line = scanner.lexer.line
        guard !scanner.atEnd, scanner.current == 0x7B else {
            if scanner.atEnd { throw scanner.error("expected a record object, found \(scanner.found)") }
            throw scanner.error("a top-level element is not an object; every record must be a JSON object")
        }
        return SourceRow(line: line, key: nil, values: try rowValues())
    }

    /// Steps over the array element or keyed member at the scanner, with the errors of reading it.
    private mutating func skipElement() throws(InputError) {
        if layout == .objectOfObjects {
            guard !scanner.atEnd, scanner.current == 0x22 else {
                throw scanner.error("expected a string key, found \(scanner.found)")
            }
            _ = try scanner.scanString()
            scanner.skipWhitespace()
            try scanner.expect(0x3A, "':' after object key")
            scanner.skipWhitespace()
        }
        // Anything but an object is an error that reading the element words best.
        guard !scanner.atEnd, scanner.current == 0x7B else {
            let position = scanner.position
            scanner.position = recordStart
            _ = layout == .array ? try arrayElement() : try keyedElement()
            scanner.position = position
            return
        }
        try scanner.skipValue()
    }

    private mutating func keyedElement() throws(InputError) -> SourceRow {
        let line = scanner.lexer.line
        guard !scanner.atEnd, scanner.current == 0x22 else {
            throw scanner.error("expected a string key, found \(scanner.found)")
        }
        let key = try scanner.string(scanner.scanString())
        scanner.skipWhitespace()
        try scanner.expect(0x3A, "':' after object key")
        scanner.skipWhitespace()
        guard !scanner.atEnd, scanner.current == 0x7B else {
            if scanner.atEnd { throw scanner.error("expected a record object, found \(scanner.found)") }
            throw scanner.error("the value of \"\(key)\" is not an object; every record must be a JSON object")
        }
        return SourceRow(line: line, key: key, values: try rowValues())
    }

    /// Reads the object at the scanner: the values of the requested columns, skipping the others.
    private mutating func rowValues() throws(InputError) -> [RawValue?] {
        var values = [RawValue?](repeating: nil, count: matcher.columns.count)
        let matcher = self.matcher
        try scanner.forEachMember { (scanner: inout JSONScanner, key: JSONStringToken) throws(InputError) in
            let index: Int?
            if key.isEscaped {
                index = matcher.index(of: try scanner.string(key))
            } else {
                index = matcher.index(of: scanner.base + key.start, count: key.end - key.start)
            }
            if let index {
                values[index] = try scanner.parseValue()
            } else {
                try scanner.skipValue()
            }
        }
        return values
    }

    /// JSON Lines: the object on the next non-blank line, and its values unless skimming.
    private mutating func nextLine(skim: Bool) throws(InputError) -> (line: Int, row: SourceRow?)? {
        let chunkEnd = scanner.lexer.end
        defer { scanner.lexer.end = chunkEnd }
        while scanner.position < chunkEnd {
            let lineEnd = ByteScan.find(0x0A, in: scanner.base, from: scanner.position, to: chunkEnd)
            scanner.lexer.end = lineEnd
            scanner.endName = "the end of the line"
            scanner.skipWhitespace()
            if scanner.atEnd {
                advance(pastLineEndingAt: lineEnd, chunkEnd: chunkEnd)
                continue
            }
            guard scanner.current == 0x7B else {
                throw scanner.error("expected a JSON object on this line, found \(scanner.found)")
            }
            (recordStart, recordLine, recordLineStart) = (scanner.position, scanner.lexer.line, scanner.lexer.lineStart)
            let row = skim ? nil : SourceRow(line: scanner.lexer.line, key: nil, values: try rowValues())
            if skim { try scanner.skipValue() }
            recordEnd = scanner.position
            scanner.skipWhitespace()
            if !scanner.atEnd { throw scanner.error("unexpected \(scanner.found) after the record on this line") }
            try checkUTF8(anchorLine: scanner.lexer.line, anchorLineStart: scanner.lexer.lineStart)
            advance(pastLineEndingAt: lineEnd, chunkEnd: chunkEnd)
            return (recordLine, row)
        }
        return nil
    }

    private mutating func advance(pastLineEndingAt lineEnd: Int, chunkEnd: Int) {
        scanner.position = min(lineEnd + 1, chunkEnd)
        if lineEnd < chunkEnd {
            scanner.lexer.line += 1
            scanner.lexer.lineStart = scanner.position
        }
    }
}
