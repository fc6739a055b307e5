/// Writes one row as one line of a source file: a CSV row, a JSON object, or a
/// `"key": {…}` member of a keyed JSON object. No framing (commas between records,
/// newlines, brackets): `SourceWriter` adds that.
public enum RowEncoder {
    /// Appends `row` in `format`.
    public static func append(_ row: Row, schema: RecordSchema, format: SourceFormat, to out: inout [UInt8]) {
        switch format {
        case .csv: appendCSV(row, schema: schema, to: &out)
        case .jsonArray, .jsonLines: appendObject(row, schema: schema, skipping: nil, to: &out)
        case .jsonObject:
            if case .scalar(let key) = row.cells[schema.nameColumn] { appendJSONString(row.bytes[key], to: &out) }
            else { out.append(contentsOf: "\"\"".utf8) }
            out.append(contentsOf: ": ".utf8)
            appendObject(row, schema: schema, skipping: schema.nameColumn, to: &out)
        }
    }

    /// The CSV header line, without its newline.
    public static func appendCSVHeader(schema: RecordSchema, to out: inout [UInt8]) {
        for (index, column) in schema.columns.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: column.nameBytes)
        }
    }

    static func appendCSV(_ row: Row, schema: RecordSchema, to out: inout [UInt8]) {
        for column in 0..<schema.columns.count {
            if column > 0 { out.append(UInt8(ascii: ",")) }
            switch row.cells[column] {
            case .absent: break
            case .scalar(let range): appendCSVCell(row.bytes[range], to: &out)
            case .list(let itemRange):
                // Join with "|" first, then quote the joined cell as a whole if needed.
                var joined: [UInt8] = []
                for (offset, item) in row.items[itemRange].enumerated() {
                    if offset > 0 { joined.append(UInt8(ascii: "|")) }
                    joined.append(contentsOf: row.bytes[item])
                }
                appendCSVCell(joined[...], to: &out)
            }
        }
    }

    /// One CSV cell, quoted (with doubled quotes) when it holds a comma, quote or line break.
    @inline(__always)
    static func appendCSVCell(_ text: ArraySlice<UInt8>, to out: inout [UInt8]) {
        let needsQuotes = text.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        if !needsQuotes { out.append(contentsOf: text); return }
        out.append(UInt8(ascii: "\""))
        for byte in text {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendObject(_ row: Row, schema: RecordSchema, skipping: Int?, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (index, column) in schema.columns.enumerated() where index != skipping {
            if !first { out.append(contentsOf: ", ".utf8) }
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: column.nameBytes)
            out.append(contentsOf: "\": ".utf8)
            appendJSONValue(row, column: index, kind: column.kind, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A column's value as JSON: absent is `null`, numbers bare, text quoted, lists arrays.
    static func appendJSONValue(_ row: Row, column: Int, kind: ColumnKind, to out: inout [UInt8]) {
        switch row.cells[column] {
        case .absent: out.append(contentsOf: "null".utf8)
        case .scalar(let range):
            switch kind {
            case .integer, .decimal: out.append(contentsOf: row.bytes[range])
            case .string, .timestamp, .list: appendJSONString(row.bytes[range], to: &out)
            }
        case .list(let itemRange):
            out.append(UInt8(ascii: "["))
            for (offset, item) in row.items[itemRange].enumerated() {
                if offset > 0 { out.append(contentsOf: ", ".utf8) }
                appendJSONString(row.bytes[item], to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as \u00XX, UTF-8 as it is.
    @inline(__always)
    public static func appendJSONString(_ text: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 10: out.append(contentsOf: [92, 110])
            case 13: out.append(contentsOf: [92, 114])
            case 9: out.append(contentsOf: [92, 116])
            case 0..<32:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
