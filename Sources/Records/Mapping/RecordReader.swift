import Foundation

/// Reads every record of one type from its source: read, map, normalize, encode, on all cores.
///
/// The file is in memory once (read, or mapped when large); chunks of it, split at record
/// boundaries, are read and mapped in parallel; records come back in source order. A record name
/// used twice is an error naming both lines.
public enum RecordReader {
    /// - Parameters:
    ///   - type: the record type and its source.
    ///   - workspace: the workspace directory that `type.source` is relative to.
    ///   - assets: hashes and stores the files ASSET fields name; `nil` for a type without them.
    /// - Returns: the type's records in source order, and the records its `invalid-records` policy skipped.
    /// - Throws: `InputError` naming file, line and field of the first bad record in source order.
    public static func read(
        _ type: RecordTypeConfiguration, workspace: String, assets: (any AssetResolving)? = nil
    ) throws(InputError) -> SourceRecords {
        try read(type, workspace: workspace, chunks: nil, assets: assets)
    }

    /// `read(_:workspace:assets:)` telling `progress`, from any thread, how many more bytes of the
    /// source were read.
    package static func read(
        _ type: RecordTypeConfiguration, workspace: String, assets: (any AssetResolving)?,
        progress: (@Sendable (Int) -> Void)?
    ) throws(InputError) -> SourceRecords {
        try read(type, workspace: workspace, chunks: nil, assets: assets, progress: progress)
    }

    /// `read(_:workspace:)` with a chosen number of chunks (`nil`: by file size and core count).
    static func read(
        _ type: RecordTypeConfiguration, workspace: String, chunks: Int?, assets: (any AssetResolving)? = nil,
        progress: ChunkedSource.ByteProgress? = nil
    ) throws(InputError) -> SourceRecords {
        let mapper = RecordMapper(
            type: type, sourcePath: type.source, assets: assets.map { (workspace: workspace, resolver: $0) })
        let output = try readSource(
            type, workspace: workspace, columns: mapper.columns, chunks: chunks, progress: progress
        ) {
            (slice: ChunkedSource.Slice, row: () throws(InputError) -> SourceRow) throws(InputError) -> MappedRow in
            try map(row(), with: mapper, slice: slice)
        }
        try checkNames(output, type: type) { row in
            if case .record(let record) = row { return record.name }
            return nil
        }
        var read = SourceRecords()
        for row in output.values {
            switch row {
            case .record(let record): read.records.append(record)
            case .invalid(let invalid): read.invalid.append(invalid)
            }
        }
        return read
    }

    /// One row mapped: its record, or, under `invalid-records = "skip"`, why it has none.
    enum MappedRow: Sendable {
        case record(EncodedRecord)
        /// Boxed: a million rows must not each have room for an error.
        indirect case invalid(InvalidRecord)
    }

    /// The name of an invalid row's record; `nil` when the name is what is invalid.
    private static func validName(of row: SourceRow, _ mapper: RecordMapper) -> String? {
        do {
            return try mapper.recordName(row)
        } catch {
            return nil
        }
    }

    /// Maps a parsed row; a mapping error names the line of the value, and under the `skip`
    /// policy makes the row invalid instead of stopping the read. Parse errors are not mapping
    /// errors: they reach the caller before this is called.
    private static func map(_ row: SourceRow, with mapper: RecordMapper, slice: ChunkedSource.Slice)
        throws(InputError) -> MappedRow
    {
        do throws(InputError) {
            return .record(try mapper.map(row))
        } catch {
            var located = ValueLine.locate(error, in: slice, type: mapper.type)
            guard mapper.type.invalidRecords == .skip else {
                let block = mapper.type.sourceDeclaration.map { " (\($0))" } ?? ""
                located.hint =
                    "invalid-records = \"skip\" in the [[types]] block of \"\(mapper.type.name)\"\(block) "
                    + "leaves out such records and lists them"
                throw located
            }
            return .invalid(InvalidRecord(type: mapper.type.name, name: validName(of: row, mapper), error: located))
        }
    }

    /// Reads every record of one type, mapping only the rows `known` does not hold: a row whose
    /// bytes (and, for CSV, header) are unchanged since `known` was made maps to the same record.
    ///
    /// `known` must come from a read of this type under the same configuration and cksync version.
    /// - Returns: every row in source order: runs of the known rows they repeat, and the freshly
    ///   mapped records of the others.
    /// - Throws: like `read(_:workspace:)`, including a name used twice across known and fresh rows.
    /// - Parameters:
    ///   - progress: told, from any thread, how many more bytes of the source were read.
    ///   - storing: given each fresh record as it is mapped, from any thread; having stored the
    ///     record's blob, it may leave in its place what finds it again (its id): a first snapshot
    ///     writes the blobs into its pack as they come, so that a million records are never held at once.
    package static func read(
        _ type: RecordTypeConfiguration, workspace: String, reusing known: RowIndex,
        progress: (@Sendable (Int) -> Void)? = nil, storing: (@Sendable (inout EncodedRecord) -> Void)? = nil
    ) throws(InputError) -> ReusingRead {
        let mapper = RecordMapper(type: type, sourcePath: type.source)
        var skip: ChunkedSource.Skip<ReusingRead.Run>?
        if !known.blocks.isEmpty {
            skip = { offset, limit, memo in skipKnownBlock(at: offset, limit: limit, memo, known) }
        }
        var output = try readSource(
            type, workspace: workspace, columns: mapper.columns, chunks: nil, skim: known.count > 0, progress: progress,
            coalesce: ReusingRead.Run.join, skip: skip
        ) {
            (slice: ChunkedSource.Slice, row: () throws(InputError) -> SourceRow) throws(InputError) -> ReusingRead.Run
            in
            let digest = slice.digest
            let memo = slice.memo
            var run: ReusingRead.Run
            if let knownRun = knownRow(digest, memo, known) {
                run = knownRun
            } else {
                switch try map(row(), with: mapper, slice: slice) {
                case .record(var record):
                    storing?(&record)
                    run = .fresh(digest, record)
                case .invalid(let invalid):
                    run = .invalid(invalid)
                }
            }
            var counted = true
            if case .invalid = run { counted = false }
            memo.cutter.row(digest, end: slice.end, counted: counted, source: memo.source, seed: memo.seed)
            return run
        }
        reuseMovedRows(&output.values, known: known)
        let used = try checkNames(output, known: known, type: type, columns: mapper.columns, workspace: workspace)
        var blocks: [RowBlock] = []
        blocks.reserveCapacity(output.blocks.reduce(0) { $0 + $1.blocks.count })
        var rows = 0
        for chunk in output.blocks {
            blocks += chunk.blocks.lazy.map { block in
                var block = block
                block.firstRow += rows
                return block
            }
            rows += chunk.rows
        }
        // Rows made known again after the read join the runs beside them, and runs of known rows
        // join across the chunks' ends; a first read has only fresh rows.
        var runs: [ReusingRead.Run] = []
        if known.count > 0 {
            runs.reserveCapacity(output.values.count)
            for run in output.values {
                if runs.isEmpty || !ReusingRead.Run.join(&runs[runs.count - 1], run) { runs.append(run) }
            }
        } else {
            runs = output.values
        }
        return ReusingRead(runs: runs, unusedKnownRows: used.unused(of: known.count), blocks: blocks)
    }

    /// The known row a row's digest says it is, or `nil` for a new or edited row.
    private static func knownRow(_ digest: RowDigest, _ memo: ChunkedSource.ChunkMemo, _ known: RowIndex)
        -> ReusingRead.Run?
    {
        // A first read: every row is fresh, and asking the empty index for each took a lock that
        // both cores wanted (4 % of a first snapshot's processor time, with the lookups).
        guard known.count > 0 else { return nil }
        // Rows mostly come in the order they came last time: the row expected next is tried,
        // with the one after it (that row deleted) and the one before (the row that missed before
        // this one was inserted, not edited); known digests are distinct, so one at most matches.
        let expected = memo.nextKnownRow
        let end = min(known.count, expected + 2)
        for candidate in min(max(0, expected - 1), end)..<end where known.digest(of: candidate) == digest {
            memo.found(upTo: candidate + 1)
            return .known(candidate..<candidate + 1)
        }
        // An edited row stands where the row it replaced stood.
        memo.nextKnownRow = expected + 1
        memo.missesInARow += 1
        // A chunk that starts inside the source looks for its first rows about where its offset
        // says they are; the rows of one that cannot be placed so are looked up (below).
        if !memo.isPlaced, memo.missesInARow <= placingAttempts {
            let estimate = Int(Double(known.count) * memo.startsAt)
            if let row = known.row(of: digest, near: estimate, within: placingRadius) {
                memo.found(upTo: row + 1)
                return .known(row..<row + 1)
            }
            return nil
        }
        // An edit in place misses once, or a few times for edited neighbours, and the rows after
        // it are in order again: only rows that keep missing (moved, deleted or inserted around
        // them) are worth the index's lookups, whose first builds a table of the blocks' first
        // rows (at ten million rows, reading a page of the row cache in every eight).
        guard memo.missesInARow > editsInARow, let index = known.row(outOfOrder: digest) else {
            return nil
        }
        // Still out of order: in a source sorted another way, the rows after it are looked up too.
        memo.nextKnownRow = index + 1
        memo.isPlaced = true
        return .known(index..<index + 1)
    }

    /// The rows a chunk's first rows are looked for among, on either side of where its offset
    /// says: rows of about equal length place it within a few hundred rows at ten million.
    private static let placingRadius = 16_384

    /// How many of a chunk's first rows are looked for near their place, before they are looked up
    /// (more than `editsInARow`, so that the rows of a chunk not placed are all looked up after).
    private static let placingAttempts = 4

    /// How many rows in a row may miss their place before each further one is looked up.
    private static let editsInARow = 2

    /// Makes known again the fresh rows that are known rows: rows out of order that were mapped
    /// without a lookup (`RowIndex.row(outOfOrder:)`), so that their records are not written anew
    /// and the next read keeps them.
    ///
    /// A fresh row named like the known row whose place it takes (`knownRowsInPlace`) is that
    /// row, or an edit of it, never another known row moved: the same bytes would make the same
    /// name, and no other known row has it. Only the others are looked for, and when every fresh
    /// row is an edit in place (the usual sync), the pass over every known digest is not made.
    private static func reuseMovedRows(_ runs: inout [ReusingRead.Run], known: RowIndex) {
        // A first read: ten million fresh rows made two lists of ten million for nothing.
        guard known.count > 0 else { return }
        var fresh: [Int] = []
        let freshRuns = runs.indices.filter { runs[$0].isFresh }
        for (index, inPlace) in zip(freshRuns, knownRowsInPlace(runs, known: known)) {
            guard let inPlace else {
                fresh.append(index)
                continue
            }
            // The row itself, mapped where the read had no row to expect (a chunk's first).
            if case .fresh(let digest, _) = runs[index], known.digest(of: inPlace) == digest {
                runs[index] = .known(inPlace..<inPlace + 1)
            }
        }
        guard !fresh.isEmpty else { return }
        if fresh.count > known.count >> 7 {
            // At least this many rows missed their place: the table of digests is built already.
            for index in fresh {
                if case .fresh(let digest, _) = runs[index], let row = known.row(of: digest) {
                    runs[index] = .known(row..<row + 1)
                }
            }
            return
        }
        // A few: one pass over the known rows' digests against theirs, most told apart by a bit
        // for their low bits before any is hashed.
        var filterBits = 1 << 16
        while filterBits < fresh.count * 16 { filterBits <<= 1 }
        var filter = [UInt64](repeating: 0, count: filterBits / 64)
        var byDigest: [RowDigest: Int] = [:]
        for index in fresh {
            guard case .fresh(let digest, _) = runs[index] else { continue }
            byDigest[digest] = index
            let bit = Int(truncatingIfNeeded: digest.low) & (filterBits - 1)
            filter[bit >> 6] |= 1 << (bit & 63)
        }
        for row in 0..<known.count {
            let digest = known.digest(of: row)
            let bit = Int(truncatingIfNeeded: digest.low) & (filterBits - 1)
            guard filter[bit >> 6] & (1 << (bit & 63)) != 0, let index = byDigest[digest] else { continue }
            runs[index] = .known(row..<row + 1)
        }
    }

    /// Steps over the known block that starts with the row expected next, when the bytes at
    /// `offset` are that block's bytes: the same bytes between the same row ends read as the
    /// same rows.
    private static func skipKnownBlock(at offset: Int, limit: Int, _ memo: ChunkedSource.ChunkMemo, _ known: RowIndex)
        -> (length: Int, lines: Int, value: ReusingRead.Run)?
    {
        let index = known.firstBlock(from: memo.nextKnownRow, hint: memo.nextKnownBlock)
        memo.nextKnownBlock = index
        guard index < known.blocks.count, known.blocks[index].firstRow == memo.nextKnownRow else { return nil }
        let block = known.blocks[index]
        guard block.length <= limit - offset,
            RowBlock.digest(
                of: UnsafeRawBufferPointer(rebasing: memo.source[offset..<offset + block.length]), seed: memo.seed)
                == block.digest
        else { return nil }
        memo.found(upTo: block.rows.upperBound)
        memo.nextKnownBlock = index + 1
        memo.cutter.skipped(block, at: offset, source: memo.source, seed: memo.seed)
        return (block.length, block.lines, .known(block.rows))
    }

    /// Reads the rows of `type`'s source and hands each one's slice to `transform`, keeping going
    /// up to the first error.
    static func readSource<T: Sendable>(
        _ type: RecordTypeConfiguration, workspace: String, columns: [String], chunks: Int?, skim: Bool = false,
        progress: ChunkedSource.ByteProgress? = nil, coalesce: (@Sendable (inout T, T) -> Bool)? = nil,
        skip: ChunkedSource.Skip<T>? = nil, _ transform: ChunkedSource.SliceTransform<T>
    ) throws(InputError) -> ChunkedSource.Output<T> {
        let path = type.source.hasPrefix("/") ? type.source : workspace + "/" + type.source
        let bytes: SourceBytes
        do {
            bytes = try SourceBytes(contentsOf: path, displayPath: type.source)
        } catch {
            // The file cannot be read at all: say where cksync.toml names it.
            var named = error
            if let declaration = type.sourceDeclaration {
                named.message += " (the source of type \"\(type.name)\", \(declaration))"
            }
            throw named
        }
        if type.format == .csv { try MappedColumns.checkHeader(bytes, columns: columns, type: type) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // A row that names a file costs a file read, whatever the size of the row: a small source of
        // many files is split as much as a large one, so that the files are read on every core.
        let chunkCount =
            chunks
            ?? (type.hasAssetFields
                ? Parallel.chunkCount(forBytes: .max, cores: cores)
                : Parallel.chunkCount(forBytes: bytes.count, cores: cores))
        let source = ChunkedSource(bytes: bytes, path: type.source, format: type.format, columns: columns)
        // JSON records may lack any key: a key no record has is a mapping mistake. Checked when
        // every row is parsed; a read that skims known rows runs under the configuration a full
        // read already checked (the row cache is keyed by it).
        guard type.format != .csv, !skim else {
            return source.read(
                chunks: chunkCount, skim: skim, progress: progress, coalesce: coalesce, skip: skip, slices: transform)
        }
        let presence = MappedColumns.Presence(columns: columns.count)
        let output = source.read(chunks: chunkCount, skim: skim, progress: progress, coalesce: coalesce, skip: skip) {
            (slice: ChunkedSource.Slice, row: () throws(InputError) -> SourceRow) throws(InputError) -> T in
            try withoutActuallyEscaping(row) { row throws(InputError) -> T in
                try transform(slice) { () throws(InputError) -> SourceRow in
                    let parsed = try row()
                    presence.mark(parsed)
                    return parsed
                }
            }
        }
        if output.error == nil, !output.values.isEmpty {
            try MappedColumns.checkKeys(presence, columns: columns, type: type, workspace: workspace)
        } else if output.error != nil, !presence.missing.isEmpty {
            // A row failed (say, on a record-name column it lacks) before every key was seen: a
            // key that no record of the whole file has explains it better than that row does.
            let whole = MappedColumns.Presence(columns: columns.count)
            let scan = source.read(chunks: chunkCount) { (row: SourceRow) throws(InputError) in whole.mark(row) }
            if scan.error == nil, !scan.values.isEmpty {
                try MappedColumns.checkKeys(whole, columns: columns, type: type, workspace: workspace)
            }
        }
        return output
    }

    /// Throws the first problem in source order: a duplicate record name before the first bad row,
    /// or that row's error.
    private static func checkNames<Row: Sendable>(
        _ output: ChunkedSource.Output<Row>, type: RecordTypeConfiguration, name: @escaping @Sendable (Row) -> String?
    ) throws(InputError) {
        let values = output.values
        let named = values.indices.filter { name(values[$0]) != nil }
        if let (earlier, index) = FirstUses.firstRepeat(among: named, name: { name(values[$0])! }) {
            throw InputError(
                file: type.source, line: output.lines[index],
                message:
                    "duplicate record name \(name(values[index])!.debugDescription) (first at line \(output.lines[earlier]))"
            )
        }
        if let error = output.error { throw error }
    }

    /// `checkNames` for a read that reused known rows: a name is used twice when a known row
    /// repeats, when fresh rows share it, or when a fresh row takes the name of a known row that
    /// is still there. Reports the duplicate whose second use comes first, as `checkNames` does.
    /// - Returns: the known rows the read used.
    private static func checkNames(
        _ output: ChunkedSource.Output<ReusingRead.Run>, known: RowIndex, type: RecordTypeConfiguration,
        columns: [String], workspace: String
    ) throws(InputError) -> UsedRows {
        let values = output.values
        let used = UsedRows(
            values.lazy.compactMap { run in
                if case .known(let rows) = run { return rows }
                return nil
            })
        var duplicated = used.hasRepeats
        let fresh = values.indices.filter { values[$0].isFresh }
        if !duplicated, known.count > 0 {
            duplicated = knownRows(named: fresh, in: values, known: known).contains { $0.map(used.contains) == true }
        }
        if !duplicated { duplicated = FirstUses.firstRepeat(among: fresh, name: { values[$0].freshName }) != nil }
        if duplicated,
            let duplicate = try firstDuplicate(output, known: known, type: type, columns: columns, workspace: workspace)
        {
            throw duplicate
        }
        if let error = output.error { throw error }
        return used
    }

    /// The known row that has the name of each fresh row (`fresh`: their places in `runs`), if
    /// any: the one at its place (`knownRowsInPlace`), and only the names that are not its are
    /// looked for in one pass over every known name (a tenth of a second at ten million rows).
    private static func knownRows(named fresh: [Int], in runs: [ReusingRead.Run], known: RowIndex) -> [Int?] {
        var rows = knownRowsInPlace(runs, known: known)
        guard known.count > 0 else { return rows }
        let elsewhere = rows.indices.filter { rows[$0] == nil }
        let found = known.rows(named: elsewhere.map { runs[fresh[$0]].freshName })
        for (position, row) in zip(elsewhere, found) { rows[position] = row }
        return rows
    }

    /// For each fresh row of `runs`, in order, the known row at its place (the row after the
    /// known rows before it, counting a row for each fresh or invalid row since) when that row
    /// has its name: most fresh rows are edits standing where the row they replace stood.
    private static func knownRowsInPlace(_ runs: [ReusingRead.Run], known: RowIndex) -> [Int?] {
        var rows: [Int?] = []
        var expected = 0
        for run in runs {
            switch run {
            case .known(let run): expected = run.upperBound
            case .fresh(_, let record):
                rows.append(expected < known.count && known.isName(record.name, of: expected) ? expected : nil)
                expected += 1
            case .invalid: expected += 1
            }
        }
        return rows
    }

    /// The duplicate name whose second use comes first, found row by row. A run of known rows keeps
    /// only its first row's line, so the source is delimited again for every row's line: a
    /// duplicate is rare, and this is only its error.
    private static func firstDuplicate(
        _ output: ChunkedSource.Output<ReusingRead.Run>, known: RowIndex, type: RecordTypeConfiguration,
        columns: [String], workspace: String
    ) throws(InputError) -> InputError? {
        let lines = try readSource(type, workspace: workspace, columns: columns, chunks: nil, skim: true) {
            (_, _: () throws(InputError) -> SourceRow) throws(InputError) in ()
        }.lines
        var knownLine = [Int](repeating: 0, count: known.count)
        var duplicate: (line: Int, first: Int, name: String)?
        func found(_ line: Int, first: Int, _ name: @autoclosure () -> String) {
            if duplicate.map({ line < $0.line }) ?? true { duplicate = (line, first, name()) }
        }
        var row = 0
        for run in output.values {
            switch run {
            case .known(let knownRows):
                for (offset, knownRow) in knownRows.enumerated() {
                    let line = lines[row + offset]
                    if knownLine[knownRow] != 0 {
                        found(line, first: knownLine[knownRow], known.name(of: knownRow))
                    } else {
                        knownLine[knownRow] = line
                    }
                }
                row += knownRows.count
            case .fresh, .invalid:
                row += 1
            }
        }
        // Two fresh rows sharing a name: later repeats among them come on later lines.
        let values = output.values
        let fresh = values.indices.filter { values[$0].isFresh }
        if let (earlier, index) = FirstUses.firstRepeat(among: fresh, name: { values[$0].freshName }) {
            found(output.lines[index], first: output.lines[earlier], values[index].freshName)
        }
        // A fresh row taking the name of a known row still there; the first fresh use of a name
        // comes first, and later ones are duplicates already.
        for (index, knownRow) in zip(fresh, knownRows(named: fresh, in: values, known: known)) {
            guard let knownRow, knownLine[knownRow] != 0 else { continue }
            let line = output.lines[index]
            found(max(line, knownLine[knownRow]), first: min(line, knownLine[knownRow]), output.values[index].freshName)
        }
        return duplicate.map {
            InputError(
                file: type.source, line: $0.line,
                message: "duplicate record name \($0.name.debugDescription) (first at line \($0.first))")
        }
    }
}

/// A source read against the rows it held last time (`RecordReader.read(_:workspace:reusing:)`).
package struct ReusingRead: Sendable {
    /// Rows of the source, in order: a run of known rows, or one row.
    package enum Run: Sendable {
        /// Rows that are byte for byte the known rows `rows`, in that order, so their records are theirs.
        case known(Range<Int>)
        /// A new or changed row: the digest of its bytes, for the next read, and its record, mapped and encoded.
        case fresh(RowDigest, EncodedRecord)
        /// The row cannot be mapped, and its type skips such rows: it makes no record, and it is
        /// not one of the rows the next read knows. Boxed, so that a row is as small as a
        /// fresh one: a million rows must not each have room for an error.
        indirect case invalid(InvalidRecord)

        /// Joins consecutive known rows into one run.
        @Sendable static func join(_ run: inout Run, _ next: Run) -> Bool {
            guard case .known(let rows) = run, case .known(let more) = next, rows.upperBound == more.lowerBound else {
                return false
            }
            run = .known(rows.lowerBound..<more.upperBound)
            return true
        }

        var isFresh: Bool {
            if case .fresh = self { return true }
            return false
        }

        /// The name of a fresh row's record.
        var freshName: String {
            guard case .fresh(_, let record) = self else { preconditionFailure("not a fresh row") }
            return record.name
        }
    }

    /// Every row, in source order.
    package var runs: [Run]

    /// The known rows no row repeats, in increasing order: deleted or edited since they were known.
    package var unusedKnownRows: [Int]

    /// The blocks of the rows read, numbered as the rows that make records (`RowBlock`).
    package var blocks: [RowBlock]

    /// The rows skipped under `invalid-records = "skip"`, in source order.
    package var invalid: [InvalidRecord] {
        runs.compactMap { run in
            if case .invalid(let invalid) = run { return invalid }
            return nil
        }
    }
}

/// The records of one source (`RecordReader.read(_:workspace:)`).
public struct SourceRecords: Sendable, Hashable {
    /// The records, in source order.
    public var records: [EncodedRecord] = []
    /// The rows skipped under `invalid-records = "skip"`, in source order.
    public var invalid: [InvalidRecord] = []
}
