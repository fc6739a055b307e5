/// Parses one line of a source file (as `RowEncoder` writes them) back into a row.
/// Handles the full CSV quoting rules and JSON string escapes, but only the JSON shapes
/// the generator writes: flat objects of strings, numbers, null and arrays of strings.
public enum RowDecoder {
    /// Decodes `line` (no newline, no trailing comma) into `row`, which is reset first.
    public static func decode(_ line: ArraySlice<UInt8>, schema: RecordSchema, format: SourceFormat,
                              into row: inout Row) throws {
        row.reset()
        switch format {
        case .csv: try decodeCSV(line, schema: schema, into: &row)
        case .jsonArray, .jsonLines:
            var parser = JSONLineParser(line: line)
            try parser.object(schema: schema, into: &row)
            try parser.end()
        case .jsonObject:
            var parser = JSONLineParser(line: line)
            try parser.skipSpace()
            let start = row.mark
            try parser.string(into: &row.bytes)
            row.endScalar(schema.nameColumn, from: start)
            try parser.expect(UInt8(ascii: ":"))
            try parser.object(schema: schema, into: &row)
            try parser.end()
        }
    }

    static func decodeCSV(_ line: ArraySlice<UInt8>, schema: RecordSchema, into row: inout Row) throws {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        var index = line.startIndex
        let end = line.endIndex
        var column = 0
        while true {
            guard column < schema.columns.count else {
                throw BenchError("more than \(schema.columns.count) cells")
            }
            let start = row.mark
            if index < end && line[index] == quote {
                index += 1
                while true {
                    guard index < end else { throw BenchError("unterminated quoted cell in column \(column + 1)") }
                    let byte = line[index]
                    if byte == quote {
                        if index + 1 < end && line[index + 1] == quote {
                            row.bytes.append(quote)
                            index += 2
                        } else {
                            index += 1
                            break
                        }
                    } else {
                        row.bytes.append(byte)
                        index += 1
                    }
                }
            } else {
                while index < end && line[index] != comma {
                    row.bytes.append(line[index])
                    index += 1
                }
            }
            finishCell(column, from: start, kind: schema.columns[column].kind, row: &row)
            column += 1
            if index == end { break }
            guard line[index] == comma else { throw BenchError("text after a quoted cell in column \(column)") }
            index += 1
        }
        guard column == schema.columns.count else {
            throw BenchError("\(column) cells, expected \(schema.columns.count)")
        }
    }

    /// An empty cell is absent; a list cell is split on "|".
    @inline(__always)
    static func finishCell(_ column: Int, from start: Int, kind: ColumnKind, row: inout Row) {
        if row.mark == start { row.cells[column] = .absent; return }
        guard kind == .list else { row.endScalar(column, from: start); return }
        let first = row.items.count
        var itemStart = start
        for index in start..<row.mark where row.bytes[index] == UInt8(ascii: "|") {
            row.items.append(itemStart..<index)
            itemStart = index + 1
        }
        row.items.append(itemStart..<row.mark)
        row.endList(column, firstItem: first)
    }
}

/// A cursor over one line of JSON.
struct JSONLineParser {
    let line: ArraySlice<UInt8>
    var index: Int

    init(line: ArraySlice<UInt8>) {
        self.line = line
        index = line.startIndex
    }

    mutating func skipSpace() throws {
        while index < line.endIndex, line[index] == 32 || line[index] == 9 || line[index] == 13 { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws {
        try skipSpace()
        guard index < line.endIndex, line[index] == byte else {
            throw BenchError("expected '\(Character(Unicode.Scalar(byte)))' at byte \(index - line.startIndex + 1)")
        }
        index += 1
    }

    mutating func end() throws {
        try skipSpace()
        guard index == line.endIndex else { throw BenchError("text after the JSON value at byte \(index - line.startIndex + 1)") }
    }

    /// A flat object whose keys name schema columns.
    mutating func object(schema: RecordSchema, into row: inout Row) throws {
        try expect(UInt8(ascii: "{"))
        try skipSpace()
        if index < line.endIndex && line[index] == UInt8(ascii: "}") { index += 1; return }
        while true {
            try skipSpace()
            guard index < line.endIndex, line[index] == UInt8(ascii: "\"") else { throw BenchError("expected a key") }
            let keyStart = index + 1
            guard let keyEnd = line[keyStart...].firstIndex(of: UInt8(ascii: "\"")) else { throw BenchError("unterminated key") }
            index = keyEnd + 1
            guard let column = schema.columnIndex(named: line[keyStart..<keyEnd]) else {
                throw BenchError("unknown key \"\(String(decoding: line[keyStart..<keyEnd], as: UTF8.self))\"")
            }
            try expect(UInt8(ascii: ":"))
            try value(column: column, into: &row)
            try skipSpace()
            guard index < line.endIndex else { throw BenchError("unterminated object") }
            if line[index] == UInt8(ascii: ",") { index += 1; continue }
            if line[index] == UInt8(ascii: "}") { index += 1; return }
            throw BenchError("expected ',' or '}' at byte \(index - line.startIndex + 1)")
        }
    }

    mutating func value(column: Int, into row: inout Row) throws {
        try skipSpace()
        guard index < line.endIndex else { throw BenchError("missing value") }
        switch line[index] {
        case UInt8(ascii: "\""):
            let start = row.mark
            try string(into: &row.bytes)
            row.endScalar(column, from: start)
        case UInt8(ascii: "["):
            index += 1
            let first = row.items.count
            try skipSpace()
            if index < line.endIndex && line[index] == UInt8(ascii: "]") {
                index += 1
            } else {
                while true {
                    try skipSpace()
                    let start = row.mark
                    try string(into: &row.bytes)
                    row.endItem(from: start)
                    try skipSpace()
                    guard index < line.endIndex else { throw BenchError("unterminated array") }
                    if line[index] == UInt8(ascii: ",") { index += 1; continue }
                    if line[index] == UInt8(ascii: "]") { index += 1; break }
                    throw BenchError("expected ',' or ']'")
                }
            }
            row.endList(column, firstItem: first)
        case UInt8(ascii: "n"):
            guard line[index...].starts(with: "null".utf8) else { throw BenchError("bad literal") }
            index += 4
            row.cells[column] = .absent
        default:
            // A number (or true/false): its raw text.
            let start = row.mark
            while index < line.endIndex {
                let byte = line[index]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == 32 { break }
                row.bytes.append(byte)
                index += 1
            }
            row.endScalar(column, from: start)
        }
    }

    /// A JSON string at the cursor, unescaped and appended to `out` as UTF-8.
    mutating func string(into out: inout [UInt8]) throws {
        guard index < line.endIndex, line[index] == UInt8(ascii: "\"") else { throw BenchError("expected a string") }
        index += 1
        while index < line.endIndex {
            let byte = line[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte != UInt8(ascii: "\\") { out.append(byte); continue }
            guard index < line.endIndex else { break }
            let escape = line[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), line[index...].starts(with: "\\u".utf8) {
                    index += 2
                    let low = try hex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw BenchError("bad \\u escape") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: out.append(escape)  // \" \\ \/
            }
        }
        throw BenchError("unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= line.endIndex else { throw BenchError("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = line[index]
            index += 1
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw BenchError("bad \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }
}
