import JSONCore

/// Reads every row of one source file on all cores and hands each row to a transform.
///
/// The file is split at record boundaries (`ChunkPlanner`); each chunk is read and transformed on
/// its own core; the results come back in source order, up to the first error in source order.
/// A transform sees each record's bytes first and parses them only if it needs their values
/// (CSV cells become strings only then), so a row cache can skip the rows it knows.
struct ChunkedSource {
    /// One record's bytes in the source file.
    struct Slice {
        let bytes: UnsafeRawBufferPointer
        /// Where the row ends: the offset after it and its line end, where the next row's bytes begin.
        let end: Int
        /// Kept by the transform from one row of the chunk to the next.
        let memo: ChunkMemo

        var digest: RowDigest { RowDigest.of(bytes, seed: memo.seed) }
    }

    /// What a transform may carry from row to row of one chunk, whose rows it sees in order, on
    /// one thread: for a read against a row cache, the known row the next row most likely
    /// repeats, and the blocks of rows cut so far for the next read.
    final class ChunkMemo: @unchecked Sendable {
        /// The whole source.
        let source: UnsafeRawBufferPointer
        /// What else decides a row's meaning (a CSV header): the seed of its digest.
        let seed: UInt64
        /// How far into the data the chunk starts: 0 for the first, towards 1 for later ones.
        let startsAt: Double
        var nextKnownRow = 0
        /// Whether a row of the chunk was found among the known rows yet.
        var isPlaced = false
        /// The rows just read, one after another, that were not where the rows before them said.
        var missesInARow = 0
        /// Where the last search of the known blocks ended: the first block from the row expected then.
        var nextKnownBlock = 0
        var cutter: BlockCutter

        init(source: UnsafeRawBufferPointer, seed: UInt64, startsAt: Double, cutter: BlockCutter) {
            self.source = source
            self.seed = seed
            self.startsAt = startsAt
            self.cutter = cutter
        }

        /// Known rows were found in order, up to `nextRow`: the next row is expected there.
        func found(upTo nextRow: Int) {
            nextKnownRow = nextRow
            isPlaced = true
            missesInARow = 0
        }
    }

    /// Offered the place between two rows of a chunk (`offset`), before the next row is read: the
    /// length and line feeds of the known rows found there, with their value, to step over them
    /// whole, or `nil` to read the next row. They must end by `limit`, where the chunk ends.
    typealias Skip<T> =
        @Sendable (_ offset: Int, _ limit: Int, _ memo: ChunkMemo) -> (length: Int, lines: Int, value: T)?

    /// Told the number of bytes read since its last call, from any thread.
    typealias ByteProgress = @Sendable (Int) -> Void

    /// A transform of one record: its slice, and a parse of its values to call if needed.
    typealias SliceTransform<T> = @Sendable (Slice, () throws(InputError) -> SourceRow) throws(InputError) -> T

    /// The rows' transforms in source order, with each value's line (its first row's, for values
    /// joined by `coalesce`); `error` is the first error in source order, and `values` holds
    /// exactly the rows before it.
    struct Output<T> {
        var values: [T] = []
        var lines: [Int] = []
        var error: InputError?
        /// The blocks of rows each chunk cut, in order, numbered from the chunk's first row, with
        /// the number of rows the chunk kept.
        var blocks: [(blocks: [RowBlock], rows: Int)] = []
    }

    private struct ChunkResult<T: Sendable>: Sendable {
        var values: [T] = []
        var lines: [Int] = []
        var error: InputError?
        var memo: ChunkMemo?
        /// JSON: where the reader stopped before the next chunk; `nil` when it read to the document's end.
        var stop: ChunkPlanner.Boundary?
    }

    let bytes: SourceBytes
    let path: String
    let format: SourceFormat
    let columns: [String]

    /// Reads the file in about `chunks` chunks (1: one chunk, on the calling thread).
    func read<T: Sendable>(chunks: Int, _ transform: @Sendable (SourceRow) throws(InputError) -> T) -> Output<T> {
        read(chunks: chunks) { (_, row: () throws(InputError) -> SourceRow) throws(InputError) -> T in
            try transform(row())
        }
    }

    /// Reads the file in about `chunks` chunks, handing each record's slice to `transform`.
    /// - Parameter skim: whether `transform` is expected to parse few rows (it knows most of
    ///   them), so that records are delimited first and their values read only when parsed.
    /// - Parameter progress: called, from any thread, with the number of source bytes read since
    ///   its last call (every few thousand records of a chunk, and at a chunk's end).
    /// - Parameter coalesce: joins a row's value into the value of the row before it in the same
    ///   chunk and returns true, or returns false to keep it apart; a joined value keeps the line
    ///   of its first row. A read that knows most rows returns a value per run of them, not per row.
    func read<T: Sendable>(
        chunks: Int, skim: Bool = false, progress: ByteProgress? = nil,
        coalesce: (@Sendable (inout T, T) -> Bool)? = nil, skip: Skip<T>? = nil, slices transform: SliceTransform<T>
    ) -> Output<T> {
        bytes.convertLoneCarriageReturns()
        let planner = ChunkPlanner(bytes: bytes)
        // A read that skips known rows parses few of them: it validates the UTF-8 of the rows it
        // parses, and of the first block for the header, not every byte of the file.
        var survey = planner.survey(blocks: chunks, countQuotes: format == .csv, validatingAll: !(skim && skip != nil))
        let matcher = ColumnMatcher(columns)
        var checkedOpening: Opening?
        if survey.validatedEnd < bytes.count, survey.invalidUTF8 == .max {
            do throws(InputError) {
                let opened = try open(invalidUTF8: .max)
                if opened.first.offset <= survey.validatedEnd { checkedOpening = opened }
            } catch {
                // Read again below, after all of the file is validated: the error may be one that
                // a byte that is not UTF-8, beyond the first block, comes before.
            }
            // A header longer than the first block, or a faulty one: validated whole, as a full read does.
            if checkedOpening == nil { survey = planner.survey(blocks: chunks, countQuotes: format == .csv) }
        }
        let opening: Opening
        do throws(InputError) {
            if let checkedOpening {
                opening = checkedOpening
            } else {
                opening = try open(invalidUTF8: survey.invalidUTF8)
            }
        } catch {
            return Output(error: error)
        }
        let (first, header, layout) = opening
        var starts = [first] + planner.boundaries(survey, format: format, layout: layout, dataStart: first.offset)
        // The first block holds the file's first invalid byte, if any: that offset is exact.
        let validatesRows = survey.validatedEnd < bytes.count && survey.invalidUTF8 == .max
        let context = ChunkContext(
            bytes: bytes, path: path, format: format, layout: layout, header: header, matcher: matcher,
            invalidUTF8: validatesRows ? nil : survey.invalidUTF8,
            seed: Self.seed(format: format, layout: layout, bytes: bytes, header: header),
            dataStart: first.offset, skim: skim, progress: progress)
        let fixedStarts = starts
        var results = Parallel.map(starts.count) { index in
            context.run(
                from: fixedStarts[index], next: index + 1 < fixedStarts.count ? fixedStarts[index + 1].offset : nil,
                first: index == 0, coalesce: coalesce, skip: skip, transform)
        }
        var output = Output<T>()
        // Room for every chunk's values at once: ten million grown into twice over were seconds.
        output.values.reserveCapacity(results.reduce(0) { $0 + $1.values.count })
        output.lines.reserveCapacity(output.values.capacity)
        var index = 0
        while index < results.count {
            let result = results[index]
            output.values += result.values
            output.lines += result.lines
            if let memo = result.memo { output.blocks.append((memo.cutter.blocks, memo.cutter.rows)) }
            if let error = result.error {
                output.error = error
                break
            }
            guard format == .json, index + 1 < results.count else {
                index += 1
                continue
            }
            guard let stop = result.stop else { break }
            if stop.offset != starts[index + 1].offset {
                // The guessed boundary was not a record start: read that chunk again from where this one stopped.
                starts[index + 1] = stop
                let next = index + 2 < starts.count ? starts[index + 2].offset : nil
                results[index + 1] = context.run(
                    from: stop, next: next, first: false, coalesce: coalesce, skip: skip, transform)
            }
            index += 1
        }
        return output
    }

    /// Where the data starts, after a CSV header or a JSON document's opening.
    private typealias Opening = (
        first: ChunkPlanner.Boundary, header: CSVReader.Header?, layout: JSONSourceReader.Layout
    )

    /// Reads the header or the document's opening, where the file's first invalid byte is at `invalidUTF8`.
    private func open(invalidUTF8: Int) throws(InputError) -> Opening {
        switch format {
        case .csv:
            let header = try CSVReader.readHeader(bytes, path: path, columns: columns, invalidUTF8: invalidUTF8)
            return (
                ChunkPlanner.Boundary(offset: header.dataStart, line: header.dataLine, lineStart: header.dataStart),
                header, .lines
            )
        case .json:
            let opened = try JSONSourceReader.openDocument(bytes, path: path, invalidUTF8: invalidUTF8)
            return (
                ChunkPlanner.Boundary(offset: opened.start, line: opened.line, lineStart: opened.lineStart),
                nil, opened.layout
            )
        case .jsonl:
            let bom = bytes.count >= 3 && bytes.base[0] == 0xEF && bytes.base[1] == 0xBB && bytes.base[2] == 0xBF
            return (ChunkPlanner.Boundary(offset: bom ? 3 : 0, line: 1, lineStart: bom ? 3 : 0), nil, .lines)
        }
    }

    /// The digest seed of the source's context: for CSV the header row (it says which cell is
    /// which column), for JSON the layout (whether a record's key is part of it).
    private static func seed(
        format: SourceFormat, layout: JSONSourceReader.Layout, bytes: SourceBytes,
        header: CSVReader.Header?
    ) -> UInt64 {
        switch format {
        case .csv:
            RowDigest.of(UnsafeRawBufferPointer(start: bytes.base, count: header?.dataStart ?? 0), seed: 1).low
        case .json: layout == .array ? 2 : 3
        case .jsonl: 4
        }
    }

    /// What every chunk reader shares.
    private struct ChunkContext: @unchecked Sendable {
        let bytes: SourceBytes
        let path: String
        let format: SourceFormat
        let layout: JSONSourceReader.Layout
        let header: CSVReader.Header?
        let matcher: ColumnMatcher
        /// The file's first invalid UTF-8 byte, or nil when the chunk validates the rows it parses
        /// (a read that skips known rows: their bytes are those of rows that were valid).
        let invalidUTF8: Int?
        let seed: UInt64
        /// Where the first record starts.
        let dataStart: Int

        /// Delimit records before reading their values, because the transform will need few of them.
        let skim: Bool
        let progress: ByteProgress?

        /// Rows between two progress reports: often enough for a line on a terminal, rarely
        /// enough to cost nothing.
        static let rowsPerReport = 4096

        func run<T: Sendable>(
            from start: ChunkPlanner.Boundary, next: Int?, first: Bool,
            coalesce: (@Sendable (inout T, T) -> Bool)?, skip: Skip<T>?, _ transform: SliceTransform<T>
        ) -> ChunkResult<T> {
            let result = read(
                from: start, next: next, first: first, invalidUTF8: invalidUTF8, coalesce: coalesce, skip: skip,
                transform)
            guard invalidUTF8 == nil, result.error != nil else { return result }
            // A row that is not UTF-8, or another error that such a byte before it may explain:
            // read again knowing where the first invalid byte is, for the error a full read gives.
            let invalid = UTF8Validation.firstInvalid(bytes.base, from: start.offset, to: bytes.count) ?? .max
            return read(
                from: start, next: next, first: first, invalidUTF8: invalid, coalesce: coalesce, skip: skip, transform)
        }

        /// Reads the chunk at `start`, where `knownInvalidUTF8` is the file's first invalid byte,
        /// or nil to validate each row it parses and fail on one that is not UTF-8.
        private func read<T: Sendable>(
            from start: ChunkPlanner.Boundary, next: Int?, first: Bool, invalidUTF8 knownInvalidUTF8: Int?,
            coalesce: (@Sendable (inout T, T) -> Bool)?, skip: Skip<T>?, _ transform: SliceTransform<T>
        ) -> ChunkResult<T> {
            let invalidUTF8 = knownInvalidUTF8 ?? .max
            let validatesRows = knownInvalidUTF8 == nil
            var result = ChunkResult<T>()
            let memo = ChunkMemo(
                source: UnsafeRawBufferPointer(start: bytes.base, count: bytes.count), seed: seed,
                startsAt: Double(start.offset - dataStart) / Double(max(1, bytes.count - dataStart)),
                cutter: BlockCutter(endsWithLineFeed: format != .json))
            result.memo = memo
            let limit = min(next ?? bytes.count, bytes.count)
            // Known rows are skipped only between two rows: a JSON chunk starts at a record, after
            // the comma a skipped block starts with, and the data starts after a bracket.
            var betweenRows = false
            // Unwrapped once, not at every row: each binding retained and released a closure that
            // every chunk's thread shares, two cores writing one cache line at every row and block.
            let skip = skip ?? { _, _, _ in nil }
            let join = coalesce ?? { _, _ in false }
            var reported = start.offset
            var rows = 0
            func report(upTo offset: Int) {
                guard let progress, offset > reported else { return }
                progress(offset - reported)
                reported = offset
            }
            func add(_ value: T, line: Int, reachedOffset offset: @autoclosure () -> Int) {
                rows += 1
                if rows % Self.rowsPerReport == 0 { report(upTo: offset()) }
                if !result.values.isEmpty, join(&result.values[result.values.count - 1], value) {
                    return
                }
                result.values.append(value)
                result.lines.append(line)
            }
            defer { report(upTo: min(next ?? bytes.count, bytes.count)) }
            do throws(InputError) {
                switch format {
                case .csv:
                    var reader = CSVReader(
                        bytes: bytes, path: path, header: header!, columnCount: matcher.columns.count,
                        start: start.offset, end: next ?? bytes.count, line: start.line, invalidUTF8: invalidUTF8)
                    while true {
                        if betweenRows, let known = skip(reader.position, limit, memo) {
                            let line = reader.line
                            reader.skip(known.length, lines: known.lines)
                            add(known.value, line: line, reachedOffset: reader.position)
                            continue
                        }
                        guard let line = skim ? reader.skimRow() : try reader.scanRow() else { break }
                        betweenRows = true
                        let slice = Slice(bytes: reader.lastRowBytes, end: reader.position, memo: memo)
                        let value = try transform(slice) { () throws(InputError) in
                            if validatesRows { try validate(slice, line: line) }
                            return skim ? try reader.rescanRow(line: line) : try reader.row(line: line)
                        }
                        add(value, line: line, reachedOffset: reader.position)
                    }
                case .json, .jsonl:
                    let lines = format == .jsonl
                    var reader = JSONSourceReader(
                        bytes: bytes, path: path, layout: lines ? .lines : layout, columns: matcher,
                        start: start.offset, end: lines ? (next ?? bytes.count) : bytes.count, line: start.line,
                        lineStart: start.lineStart, first: first && !lines, stopAt: lines ? .max : (next ?? .max),
                        invalidUTF8: invalidUTF8)
                    while true {
                        if betweenRows, let known = skip(reader.offset, limit, memo) {
                            let line = reader.scanner.line
                            reader.skip(known.length, lines: known.lines)
                            add(known.value, line: line, reachedOffset: reader.offset)
                            continue
                        }
                        guard let record = try reader.nextRecord(skim: skim) else { break }
                        betweenRows = true
                        let slice = Slice(bytes: reader.lastRecordBytes, end: reader.offset, memo: memo)
                        let value = try transform(slice) { () throws(InputError) in
                            if validatesRows { try validate(slice, line: record.line) }
                            if let row = record.row { return row }
                            return try reader.rescan()
                        }
                        add(value, line: record.line, reachedOffset: reader.offset)
                    }
                    result.stop = reader.stoppedAt
                }
            } catch {
                result.error = error
            }
            return result
        }

        /// Fails on a row that is not UTF-8; `run` then reads its chunk again for the error.
        private func validate(_ slice: Slice, line: Int) throws(InputError) {
            let base = slice.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            guard UTF8Validation.firstInvalid(base, from: 0, to: slice.bytes.count) != nil else { return }
            throw InputError(file: path, line: line, message: "invalid UTF-8")
        }
    }
}
