import JSONCore

/// Where in a multi-line JSON record the value of a field sits, so that an error about the value
/// names its own line, not the line the record starts on. Found on the error path only, by reading
/// the record's bytes again.
enum ValueLine {
    /// `error` with its line moved to the line of its field's value, when the record is JSON and
    /// that value can be found; `error` unchanged otherwise.
    static func locate(_ error: InputError, in slice: ChunkedSource.Slice, type: RecordTypeConfiguration) -> InputError {
        guard type.format != .csv, let line = error.line, let field = error.field,
            let mapping = type.fields.first(where: { $0.name == field })
        else { return error }
        let column: String
        switch mapping.source {
        case .column(let name): column = name
        case .coordinates(let latitude, _): column = latitude
        }
        guard let found = valueLine(of: column, in: slice.bytes, recordLine: line) else { return error }
        var moved = error
        moved.line = found
        return moved
    }

    /// The line of the value of top-level member `key` in one record's bytes (an object, or in a
    /// keyed layout `"id": {…}`), which start on `recordLine`; nil when it is not there.
    static func valueLine(of key: String, in bytes: UnsafeRawBufferPointer, recordLine: Int) -> Int? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var scanner = JSONScanner(
            base: base, start: 0, end: bytes.count, line: recordLine, lineStart: 0, path: "", invalidUTF8: .max)
        var found: Int?
        do throws(InputError) {
            scanner.skipWhitespace()
            if !scanner.atEnd, scanner.current == UInt8(ascii: "\"") {  // the key of a keyed layout
                _ = try scanner.scanString()
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"), "':'")
                scanner.skipWhitespace()
            }
            guard !scanner.atEnd, scanner.current == UInt8(ascii: "{") else { return nil }
            try scanner.forEachMember { (scanner: inout JSONScanner, member: JSONStringToken) throws(InputError) in
                if found == nil, try scanner.string(member) == key { found = scanner.line }
                _ = try scanner.parseValue()
            }
        } catch {
            // The record parsed once already; bytes it cannot walk again leave the error where it was.
            return found
        }
        return found
    }
}
