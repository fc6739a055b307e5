/// One cell of a CSV row: its bytes without the quotes.
struct CellSpan {
    var start: Int
    var end: Int
    /// Whether the cell holds `""` pairs to unescape.
    var escaped: Bool
}

/// The cells of the row scanned last, reused from row to row.
struct CellSpans {
    private var spans: [CellSpan] = []
    var count: Int { spans.count }
    subscript(_ index: Int) -> CellSpan { spans[index] }
    func isEmpty(_ index: Int) -> Bool { spans[index].start == spans[index].end }
    mutating func removeAll() { spans.removeAll(keepingCapacity: true) }
    mutating func append(_ span: CellSpan) { spans.append(span) }
}

extension CSVReader {
    /// Scans the next non-blank row into `cells`.
    /// - Returns: the line the row starts on, or `nil` at the end of the chunk.
    mutating func scanRow() throws(InputError) -> Int? {
        skipBlankLines()
        guard position < end else { return nil }
        let rowLine = line
        let rowStart = position
        self.rowStart = rowStart
        cells.removeAll()
        while true {
            let rowEnded: Bool
            if base[position] == 0x22 {
                rowEnded = try scanQuotedCell(rowLine: rowLine, rowStart: rowStart)
            } else {
                rowEnded = try scanPlainCell(rowLine: rowLine, rowStart: rowStart)
            }
            if rowEnded { break }
        }
        if position > invalidUTF8 { throw utf8Error(anchorLine: rowLine, anchorLineStart: rowStart) }
        return rowLine
    }

    /// Delimits the next non-blank row without splitting its cells: the fast path for rows a
    /// row cache is likely to know. In CSV as this reader accepts it, a newline ends the row
    /// exactly when the quotes before it in the row are even; a row that breaks the rules is
    /// found out when it is scanned (`rescanRow`), as every unknown row is.
    /// - Returns: the line the row starts on, or `nil` at the end of the chunk; `lastRowBytes` is the row.
    mutating func skimRow() -> Int? {
        skipBlankLines()
        guard position < end else { return nil }
        rowStart = position
        let rowLine = line
        var quotes = 0
        var from = position
        while true {
            let newline = ByteScan.find(0x0A, in: base, from: from, to: end)
            quotes += ByteScan.count(0x22, in: base, from: from, to: newline)
            guard newline < end else {
                position = end
                return rowLine
            }
            line += 1
            from = newline + 1
            if quotes % 2 == 0 {
                position = from
                return rowLine
            }
        }
    }

    /// Steps over `length` bytes of whole rows holding `lines` line feeds: known rows, skipped.
    mutating func skip(_ length: Int, lines: Int) {
        position += length
        line += lines
    }

    /// Scans the row `skimRow` delimited last, which starts on `rowLine`, into its values.
    mutating func rescanRow(line rowLine: Int) throws(InputError) -> SourceRow {
        position = rowStart
        line = rowLine
        _ = try scanRow()
        return try row(line: rowLine)
    }

    /// Skips blank lines (LF or CRLF alone).
    private mutating func skipBlankLines() {
        while position < end {
            if base[position] == 0x0A {
                position += 1
                line += 1
            } else if base[position] == 0x0D && position + 1 < end && base[position + 1] == 0x0A {
                position += 2
                line += 1
            } else {
                break
            }
        }
    }

    /// Scans an unquoted cell at `position` and the separator after it.
    /// - Returns: whether the row ended after this cell.
    private mutating func scanPlainCell(rowLine: Int, rowStart: Int) throws(InputError) -> Bool {
        let start = position
        while position < end {
            let byte = base[position]
            if byte == 0x2C {
                cells.append(CellSpan(start: start, end: position, escaped: false))
                position += 1
                if position == end { cells.append(CellSpan(start: end, end: end, escaped: false)) }
                return position == end
            }
            if byte == 0x0A {
                let cellEnd = position > start && base[position - 1] == 0x0D ? position - 1 : position
                cells.append(CellSpan(start: start, end: cellEnd, escaped: false))
                position += 1
                line += 1
                return true
            }
            if byte == 0x22 {
                throw failure(
                    "a quote inside an unquoted cell; quote the whole cell and double the quote (\"\")",
                    at: position, rowLine: rowLine, rowStart: rowStart)
            }
            position += 1
        }
        let cellEnd = position > start && base[position - 1] == 0x0D ? position - 1 : position
        cells.append(CellSpan(start: start, end: cellEnd, escaped: false))
        return true
    }

    /// Scans a quoted cell whose opening quote is at `position`, and the separator after it.
    /// - Returns: whether the row ended after this cell.
    private mutating func scanQuotedCell(rowLine: Int, rowStart: Int) throws(InputError) -> Bool {
        let open = position
        let openLine = line
        let start = position + 1
        var escaped = false
        position = start
        while true {
            let quote = ByteScan.find(0x22, in: base, from: position, to: end)
            line += ByteScan.count(0x0A, in: base, from: position, to: quote)
            guard quote < end else {
                if open >= invalidUTF8 { throw utf8Error(anchorLine: rowLine, anchorLineStart: rowStart) }
                throw InputError(
                    file: path, line: openLine,
                    message: "unterminated quoted cell: the quote that opens it has no closing quote")
            }
            if quote + 1 < end && base[quote + 1] == 0x22 {
                escaped = true
                position = quote + 2
                continue
            }
            cells.append(CellSpan(start: start, end: quote, escaped: escaped))
            position = quote + 1
            break
        }
        guard position < end else { return true }
        switch base[position] {
        case 0x2C:
            position += 1
            if position == end { cells.append(CellSpan(start: end, end: end, escaped: false)) }
            return position == end
        case 0x0A:
            position += 1
            line += 1
            return true
        case 0x0D where position + 1 == end || base[position + 1] == 0x0A:
            position = min(position + 2, end)
            if position <= end && base[position - 1] == 0x0A { line += 1 }
            return true
        default:
            throw failure(
                "unexpected text after a quoted cell's closing quote; expected ',' or the end of the row",
                at: position, rowLine: rowLine, rowStart: rowStart)
        }
    }

    private func failure(_ message: String, at offset: Int, rowLine: Int, rowStart: Int) -> InputError {
        if offset >= invalidUTF8 { return utf8Error(anchorLine: rowLine, anchorLineStart: rowStart) }
        var lineStart = offset
        while lineStart > 0 && base[lineStart - 1] != 0x0A { lineStart -= 1 }
        let column = ByteScan.column(base, lineStart: lineStart, offset: offset)
        return InputError(file: path, line: line, column: column, message: message)
    }
}
