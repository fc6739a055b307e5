/// What one mutation did to one source.
public struct MutationSummary: Sendable, Codable {
    public let type: String
    public let before: Int
    public let modified: Int
    public let added: Int
    public let deleted: Int
    /// Records in the file afterwards.
    public let after: Int

    init(type: String, before: Int, modified: Int, added: Int, deleted: Int) {
        self.type = type
        self.before = before
        self.modified = modified
        self.added = added
        self.deleted = deleted
        after = before - deleted + added
    }
}

/// Changes a generated workspace's data files in place: of a fraction p of the records,
/// a third get one field modified (plus updatedAt), a third are deleted, and as many new
/// records are added. With `onlyModify`, the whole fraction p is modified and nothing is
/// deleted or added. Deterministic for a seed; unchanged records keep their exact bytes.
public enum Mutator {
    /// Mutates every source found in `directory`.
    public static func mutate(directory: String, fraction: Double, seed: UInt64,
                              onlyModify: Bool = false) throws -> [MutationSummary] {
        guard fraction >= 0 && fraction <= 1 else { throw BenchError("--fraction must be between 0 and 1") }
        var summaries: [MutationSummary] = []
        for (index, source) in try Workspace.sources(in: directory).enumerated() {
            // A stream of its own, apart from the generator's streams for the same seed.
            var rng = SplitMix64(seed: seed, stream: 0x4D55_5441_5445 &+ UInt64(index))
            summaries.append(try mutate(source, in: directory, fraction: fraction, onlyModify: onlyModify, rng: &rng))
        }
        return summaries
    }

    static func mutate(_ source: SourceSpec, in directory: String, fraction: Double, onlyModify: Bool = false,
                       rng: inout SplitMix64) throws -> MutationSummary {
        let path = directory + "/" + source.relativePath
        let file = try SourceFile(path: path, spec: source)
        let factory = makeFactory(for: source.schema)
        let count = file.records.count
        // `changes` records modified; as many deleted and added, unless only modifying.
        var changes = onlyModify ? min(Int((Double(count) * fraction).rounded()), count)
            : min(Int((Double(count) * fraction / 3).rounded()), count / 2)
        if count == 0 { changes = 0 }
        let removals = onlyModify ? 0 : changes

        // 0 = keep, 1 = modify, 2 = delete: distinct records by a sparse partial shuffle.
        var plan = [UInt8](repeating: 0, count: count)
        var swapped: [Int: Int] = [:]
        for step in 0..<(changes + removals) {
            let other = step + rng.below(count - step)
            let chosen = swapped[other] ?? other
            swapped[other] = swapped[step] ?? step
            plan[chosen] = step < changes ? 1 : 2
        }

        var nextID = 0
        for index in 0..<(removals > 0 ? count : 0) {
            if let id = factory.id(fromName: file.name(index, format: source.format)) { nextID = max(nextID, id + 1) }
        }

        let temporary = path + ".cksync-bench.tmp"
        let writer = try SourceWriter(path: temporary, spec: source)
        var row = Row(columns: source.schema.columns.count)
        for index in 0..<count {
            switch plan[index] {
            case 0: try writer.write(encoded: file.record(index))
            case 1:
                do {
                    try RowDecoder.decode(file.record(index), schema: source.schema, format: source.format, into: &row)
                } catch {
                    throw BenchError("\(path):\(file.lines[index]): \(error)")
                }
                modify(&row, factory: factory, rng: &rng)
                try writer.write(row)
            default: break
            }
        }
        for offset in 0..<removals {
            row.reset()
            factory.fill(&row, id: nextID + offset, rng: &rng)
            try writer.write(row)
        }
        try writer.finish()
        try FileIO.rename(temporary, to: path)
        return MutationSummary(type: source.schema.typeName, before: count, modified: changes,
                               added: removals, deleted: removals)
    }

    /// Changes one compared field so the record really differs, and moves updatedAt on.
    static func modify(_ row: inout Row, factory: any RecordFactory, rng: inout SplitMix64) {
        let schema = factory.schema
        let candidates = schema.mutableColumns
        let column = candidates[rng.below(candidates.count)]
        let old = row.cells[column]
        let oldText = row.scalar(column).map(Array.init)
        switch schema.columns[column].kind {
        case .integer:
            let value = oldText.flatMap { ByteFormat.parseInt($0[...]) } ?? 0
            let delta = Int64(rng.within(1...500)) * (rng.chance(0.5) ? 1 : -1)
            row.setScalar(column) { ByteFormat.appendInt(value + delta, to: &$0) }
        case .decimal(let scale):
            let value = oldText.flatMap { ByteFormat.parseDecimal($0[...], scale: scale) } ?? 0
            // Well above every compare tolerance: at least 0.001 units of the column, 10x the
            // location tolerance for coordinates.
            var unit: Int64 = 1
            for _ in 0..<max(scale - 3, 0) { unit *= 10 }
            var delta = Int64(rng.within(1...20)) * unit * (rng.chance(0.5) ? 1 : -1)
            let limit: Int64 = schema.columns[column].name.hasPrefix("lat") ? 90 : 180
            var scaledLimit = limit
            for _ in 0..<scale { scaledLimit *= 10 }
            if abs(value + delta) > scaledLimit { delta = -delta }
            row.setScalar(column) { ByteFormat.appendDecimal(value + delta, scale: scale, to: &$0) }
        case .list:
            // Keep the old items and add one.
            let first = row.items.count
            if case .list(let range) = old {
                for item in range {
                    let start = row.mark
                    row.appendCopy(of: row.items[item])
                    row.endItem(from: start)
                }
            }
            let start = row.mark
            Pieces.appendCode(length: 5, to: &row.bytes, rng: &rng)
            row.endItem(from: start)
            row.endList(column, firstItem: first)
        case .string, .timestamp:
            factory.regenerate(column, in: &row, rng: &rng)
            if row.scalar(column).map(Array.init) == oldText {
                row.setScalar(column) { out in
                    if let oldText { out.append(contentsOf: oldText) }
                    out.append(contentsOf: " II".utf8)
                }
            }
        }
        // updatedAt moves forward by up to 30 days.
        let updated = schema.updatedColumn
        let seconds = row.scalar(updated).flatMap { ByteFormat.parseTimestamp($0) } ?? 1_700_000_000
        row.setScalar(updated) { ByteFormat.appendTimestamp(seconds + Int64(rng.within(60...30 * 86400)), to: &$0) }
    }
}
