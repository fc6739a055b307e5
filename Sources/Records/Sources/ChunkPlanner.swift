import JSONCore

/// Splits a source file into chunks that start at record boundaries, so each core reads one part.
///
/// First the file is cut into blocks at newlines; each block is scanned in parallel for its line
/// count, quote count and first invalid UTF-8 byte. Then each block start is moved forward to the
/// next record boundary:
/// - JSON Lines: a line start is one.
/// - CSV: a line start after an even number of quotes (strict quoting makes parity exact).
/// - JSON: a guess, the next `}` `,` `{` (or `}` `,` `"` for an object of objects) outside what a
///   cheap scan can tell is a string. The reader of the previous chunk confirms the guess by landing
///   on it; a wrong guess is re-read from the right place, so it only costs time.
struct ChunkPlanner {
    /// Where a chunk starts, with the line there and that line's start offset.
    struct Boundary: Equatable, Sendable {
        var offset: Int
        var line: Int
        var lineStart: Int
    }

    /// What the block scan found about the whole file.
    struct Survey: Sendable {
        /// Block starts (after a newline, or 0), with the 1-based line there.
        var blocks: [(offset: Int, line: Int)]
        /// Quote count before each block (CSV only).
        var quotesBefore: [Int]
        /// Offset of the first invalid UTF-8 byte before `validatedEnd`, or `Int.max`.
        var invalidUTF8: Int
        /// Where the bytes validated end: the file's end, or the first block's.
        var validatedEnd: Int
    }

    let bytes: SourceBytes

    /// Scans the file in `count` blocks on all cores.
    /// - Parameter validatingAll: whether to validate every block's UTF-8, or only the first's
    ///   (where a header is), for a reader that validates the rows it parses itself.
    func survey(blocks count: Int, countQuotes: Bool, validatingAll: Bool = true) -> Survey {
        let base = bytes.base
        let total = bytes.count
        var starts = [0]
        for index in 1..<max(count, 1) {
            let nominal = max(total / count * index, starts.last!)
            let newline = ByteScan.find(0x0A, in: base, from: nominal, to: total)
            if newline + 1 < total && newline + 1 > starts.last! { starts.append(newline + 1) }
        }
        let blockStarts = starts
        let ends = Array(starts.dropFirst()) + [total]
        let bytes = self.bytes
        let stats = Parallel.map(starts.count) { block in
            Self.scan(
                bytes.base, from: blockStarts[block], to: ends[block], countQuotes: countQuotes,
                validating: validatingAll || block == 0)
        }
        var blocks: [(offset: Int, line: Int)] = []
        var quotesBefore: [Int] = []
        var line = 1
        var quotes = 0
        for (index, stat) in stats.enumerated() {
            blocks.append((starts[index], line))
            quotesBefore.append(quotes)
            line += stat.newlines
            quotes += stat.quotes
        }
        return Survey(
            blocks: blocks, quotesBefore: quotesBefore, invalidUTF8: stats.map(\.invalid).min() ?? .max,
            validatedEnd: validatingAll ? total : ends[0])
    }

    /// The line feeds, quotes (when `countQuotes`) and first invalid UTF-8 byte of `from..<to`,
    /// piece by piece: each piece is counted and validated while it is in the cache, so the bytes
    /// come from memory once, not once per scan (a gigabyte source is read from memory in a tenth
    /// of a second).
    private static func scan(_ base: UnsafePointer<UInt8>, from: Int, to: Int, countQuotes: Bool, validating: Bool) -> (
        newlines: Int, quotes: Int, invalid: Int
    ) {
        var newlines = 0
        var quotes = 0
        var invalid = Int.max
        var start = from
        while start < to {
            var end = min(to, start + 16 << 10)
            // A piece ends before a character, so that no sequence is cut in two: the validation of
            // the next one starts where a character does.
            var boundary = end
            while boundary > start, boundary < to, end - boundary < 3, base[boundary] & 0xC0 == 0x80 { boundary -= 1 }
            if boundary > start, boundary == to || base[boundary] & 0xC0 != 0x80 { end = boundary }
            if countQuotes {
                let counts = ByteScan.count(0x0A, and: 0x22, in: base, from: start, to: end)
                newlines += counts.first
                quotes += counts.second
            } else {
                newlines += ByteScan.count(0x0A, in: base, from: start, to: end)
            }
            if validating, invalid == .max, let first = UTF8Validation.firstInvalid(base, from: start, to: end) {
                invalid = first
            }
            start = end
        }
        return (newlines, quotes, invalid)
    }

    /// Chunk starts after `dataStart` (the first chunk's start is the caller's), in increasing order.
    func boundaries(_ survey: Survey, format: SourceFormat, layout: JSONSourceReader.Layout?, dataStart: Int)
        -> [Boundary]
    {
        var result: [Boundary] = []
        for (index, block) in survey.blocks.enumerated() where block.offset > dataStart {
            let boundary: Boundary?
            switch format {
            case .jsonl: boundary = Boundary(offset: block.offset, line: block.line, lineStart: block.offset)
            case .csv: boundary = csvBoundary(from: block.offset, line: block.line, quotes: survey.quotesBefore[index])
            case .json: boundary = jsonBoundary(from: block.offset, line: block.line, layout: layout ?? .array)
            }
            if let boundary, boundary.offset > max(dataStart, result.last?.offset ?? 0), boundary.offset < bytes.count {
                result.append(boundary)
            }
        }
        return result
    }

    private func csvBoundary(from offset: Int, line: Int, quotes: Int) -> Boundary? {
        if quotes % 2 == 0 { return Boundary(offset: offset, line: line, lineStart: offset) }
        // Inside a quoted cell: the boundary is the next newline outside quotes.
        let base = bytes.base
        var inQuotes = true
        var line = line
        var i = offset
        while i < bytes.count {
            let byte = base[i]
            if byte == 0x22 {
                inQuotes.toggle()
            } else if byte == 0x0A {
                line += 1
                if !inQuotes { return Boundary(offset: i + 1, line: line, lineStart: i + 1) }
            }
            i += 1
        }
        return nil
    }

    private func jsonBoundary(from offset: Int, line: Int, layout: JSONSourceReader.Layout) -> Boundary? {
        let base = bytes.base
        let opener: UInt8 = layout == .array ? 0x7B : 0x22
        var line = line
        var lineStart = offset
        var i = offset
        while i < bytes.count {
            let byte = base[i]
            if byte == 0x0A {
                line += 1
                lineStart = i + 1
            } else if byte == 0x2C {
                var before = i - 1
                while before > 0 && isSpace(base[before]) { before -= 1 }
                if base[before] == 0x7D {
                    var after = i + 1
                    var afterLine = line
                    var afterLineStart = lineStart
                    while after < bytes.count && isSpace(base[after]) {
                        if base[after] == 0x0A {
                            afterLine += 1
                            afterLineStart = after + 1
                        }
                        after += 1
                    }
                    if after < bytes.count && base[after] == opener {
                        return Boundary(offset: after, line: afterLine, lineStart: afterLineStart)
                    }
                }
            }
            i += 1
        }
        return nil
    }

    @inline(__always) private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
