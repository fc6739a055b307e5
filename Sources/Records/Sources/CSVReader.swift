/// Reads RFC 4180 CSV: a header row naming the columns, then one record per row.
///
/// - Quoted cells may hold commas, newlines and `""` for a quote; rows end in LF or CRLF (or a lone
///   CR in a file whose first line ends so: `SourceBytes.convertLoneCarriageReturns`); a UTF-8
///   BOM is skipped; the last row needs no newline; blank lines are skipped.
/// - A quote inside an unquoted cell is an error (RFC 4180 asks for the cell to be quoted). This
///   strictness also makes "inside quotes" equal "an odd number of quotes so far", which is how the
///   file is split between cores.
/// - Every cell arrives as `.string`; an empty cell (quoted or not) is absent (`nil`).
struct CSVReader {
    /// The parsed header row.
    struct Header: Sendable {
        /// For each header cell, the index of the requested column it holds, or -1.
        var columnOfCell: [Int]
        var names: [String]
        /// Offset and line just after the header row.
        var dataStart: Int
        var dataLine: Int
    }

    let base: UnsafePointer<UInt8>
    let end: Int
    let path: String
    let header: Header
    let columnCount: Int
    let invalidUTF8: Int
    var position: Int
    var line: Int
    var cells = CellSpans()
    /// Where the row scanned last starts.
    var rowStart = 0

    /// Offset where the record returned last by `next()` ended.
    var offset: Int { position }

    init(bytes: SourceBytes, path: String, header: Header, columnCount: Int, start: Int, end: Int, line: Int,
         invalidUTF8: Int = .max) {
        base = bytes.base
        self.end = end
        self.path = path
        self.header = header
        self.columnCount = columnCount
        self.invalidUTF8 = invalidUTF8
        position = start
        self.line = line
    }

    /// Reads the header row and checks that every requested column is in it.
    static func readHeader(_ bytes: SourceBytes, path: String, columns: [String], invalidUTF8: Int = .max)
        throws(InputError) -> Header
    {
        var start = 0
        if bytes.count >= 3 && bytes.base[0] == 0xEF && bytes.base[1] == 0xBB && bytes.base[2] == 0xBF { start = 3 }
        let empty = Header(columnOfCell: [], names: [], dataStart: start, dataLine: 1)
        var reader = CSVReader(
            bytes: bytes, path: path, header: empty, columnCount: 0, start: start, end: bytes.count, line: 1,
            invalidUTF8: invalidUTF8)
        guard let headerLine = try reader.scanRow() else {
            throw InputError(file: path, line: 1, message: "the file is empty; expected a header row naming the columns")
        }
        let names = (0..<reader.cells.count).map { reader.cellText($0) }
        var columnOfCell = [Int](repeating: -1, count: names.count)
        for (column, name) in columns.enumerated() {
            let found = names.indices.filter { names[$0] == name }
            guard let cell = found.first else {
                throw InputError(file: path, line: headerLine, message: "column \"\(name)\" is not in the header")
            }
            if found.count > 1 {
                throw InputError(file: path, line: headerLine, message: "column \"\(name)\" appears \(found.count) times in the header")
            }
            columnOfCell[cell] = column
        }
        return Header(columnOfCell: columnOfCell, names: names, dataStart: reader.position, dataLine: reader.line)
    }

    /// The next record, or `nil` at the end of the chunk.
    mutating func next() throws(InputError) -> SourceRow? {
        guard let rowLine = try scanRow() else { return nil }
        return try row(line: rowLine)
    }

    /// The bytes of the row scanned last, its line ending included.
    var lastRowBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + rowStart, count: position - rowStart)
    }

    /// The values of the row scanned last, which started on `rowLine`.
    func row(line rowLine: Int) throws(InputError) -> SourceRow {
        if cells.count != header.names.count {
            throw InputError(
                file: path, line: rowLine,
                message: "row has \(cells.count) \(cells.count == 1 ? "cell" : "cells"), the header has \(header.names.count)")
        }
        var values = [RawValue?](repeating: nil, count: columnCount)
        for cell in 0..<cells.count {
            let column = header.columnOfCell[cell]
            if column >= 0 && !cells.isEmpty(cell) { values[column] = .string(cellText(cell)) }
        }
        return SourceRow(line: rowLine, key: nil, values: values)
    }

    /// The text of one cell of the row scanned last, with `""` unescaped.
    private func cellText(_ cell: Int) -> String {
        let span = cells[cell]
        let buffer = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
        if !span.escaped { return String(decoding: buffer, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(buffer.count)
        var i = 0
        while i < buffer.count {
            bytes.append(buffer[i])
            i += buffer[i] == 0x22 ? 2 : 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func utf8Error(anchorLine: Int, anchorLineStart: Int) -> InputError {
        JSONScanner(base: base, start: anchorLineStart, end: end, line: anchorLine, lineStart: anchorLineStart,
                    path: path, invalidUTF8: invalidUTF8)
            .utf8Error(anchorLine: anchorLine, anchorLineStart: anchorLineStart)
    }
}
