/// Makes synthetic records of one type: whole rows for the generator, single fresh
/// values for the mutator. Deterministic: the same generator state gives the same bytes.
public protocol RecordFactory: Sendable {
    var schema: RecordSchema { get }
    /// Fills `row` (already reset) with record number `id`.
    func fill(_ row: inout Row, id: Int, rng: inout SplitMix64)
    /// Sets `column` of `row` to a freshly generated value.
    func regenerate(_ column: Int, in row: inout Row, rng: inout SplitMix64)
}

extension RecordFactory {
    /// Appends the record name of `id`: prefix + base 36 of (id + offset).
    func appendName(id: Int, to row: inout Row) {
        let start = row.mark
        row.bytes.append(contentsOf: schema.namePrefix.utf8)
        ByteFormat.appendBase36(id + schema.idOffset, to: &row.bytes)
        row.endScalar(schema.nameColumn, from: start)
    }

    /// The id inside a record name this factory spelled; nil for any other name.
    public func id<C: Collection<UInt8>>(fromName name: C) -> Int? {
        let prefix = Array(schema.namePrefix.utf8)
        guard name.count > prefix.count, name.prefix(prefix.count).elementsEqual(prefix),
              let value = ByteFormat.parseBase36(ArraySlice(name.dropFirst(prefix.count)))
        else { return nil }
        return value - schema.idOffset
    }
}

/// The factory for a schema.
public func makeFactory(for schema: RecordSchema) -> any RecordFactory {
    schema.typeName == RecordSchema.place.typeName ? PlaceFactory() as any RecordFactory : AirportFactory()
}

/// Shared pieces of both factories.
enum Pieces {
    /// A made-up place name: 2–3 syllables, sometimes with a prefix word.
    static func appendCityName(to out: inout [UInt8], rng: inout SplitMix64) {
        if rng.chance(0.1) { out.append(contentsOf: rng.pick(Vocabulary.cityPrefixes)) }
        out.append(contentsOf: rng.pick(Vocabulary.initials))
        for _ in 0..<rng.within(1...2) { out.append(contentsOf: rng.pick(Vocabulary.syllables)) }
    }

    static func appendCoordinate(limit: Int64, to out: inout [UInt8], rng: inout SplitMix64) {
        let micro = Int64(rng.below(Int(2 * limit * 1_000_000) + 1)) - limit * 1_000_000
        ByteFormat.appendDecimal(micro, scale: 6, to: &out)
    }

    /// 2020-01-01 plus up to four years.
    static func appendTimestamp(to out: inout [UInt8], rng: inout SplitMix64) {
        ByteFormat.appendTimestamp(1_577_836_800 + Int64(rng.below(4 * 365 * 86400)), to: &out)
    }

    static func appendCode(length: Int, to out: inout [UInt8], rng: inout SplitMix64) {
        for _ in 0..<length { out.append(rng.pick(Vocabulary.uppercase)) }
    }
}

/// Airports: icao, name, city, country, lat, lon, elevation, timezone, aliases, magvar, updatedAt.
public struct AirportFactory: RecordFactory {
    public let schema = RecordSchema.airport
    public init() {}

    public func fill(_ row: inout Row, id: Int, rng: inout SplitMix64) {
        appendName(id: id, to: &row)
        for column in 1..<schema.columns.count { regenerate(column, in: &row, rng: &rng) }
    }

    public func regenerate(_ column: Int, in row: inout Row, rng: inout SplitMix64) {
        switch column {
        case 1:  // name: a city-like word and a suffix (some with commas and quotes)
            row.setScalar(1) { out in
                Pieces.appendCityName(to: &out, rng: &rng)
                out.append(contentsOf: rng.pick(Vocabulary.airportSuffixes))
            }
        case 2: row.setScalar(2) { Pieces.appendCityName(to: &$0, rng: &rng) }
        case 3: row.setScalar(3) { $0.append(contentsOf: rng.pick(Vocabulary.countries)) }
        case 4: row.setScalar(4) { Pieces.appendCoordinate(limit: 90, to: &$0, rng: &rng) }
        case 5: row.setScalar(5) { Pieces.appendCoordinate(limit: 180, to: &$0, rng: &rng) }
        case 6: row.setScalar(6) { ByteFormat.appendInt(Int64(rng.within(-100...4500)), to: &$0) }
        case 7:
            if rng.chance(0.03) { row.cells[7] = .absent; return }
            row.setScalar(7) { $0.append(contentsOf: rng.pick(Vocabulary.timezones)) }
        case 8:
            let first = row.items.count
            if !rng.chance(0.2) {
                for index in 0..<rng.within(1...3) {
                    let start = row.mark
                    switch index {
                    case 0: Pieces.appendCode(length: 3, to: &row.bytes, rng: &rng)
                    case 1:
                        if case .scalar(let city) = row.cells[2] { row.appendCopy(of: city) }
                        row.append(Vocabulary.intlSuffix)
                    default: Pieces.appendCode(length: 4, to: &row.bytes, rng: &rng)
                    }
                    row.endItem(from: start)
                }
            }
            row.endList(8, firstItem: first)
        case 9:
            if rng.chance(0.05) { row.cells[9] = .absent; return }
            row.setScalar(9) { ByteFormat.appendDecimal(Int64(rng.within(-200...200)), scale: 1, to: &$0) }
        case 10: row.setScalar(10) { Pieces.appendTimestamp(to: &$0, rng: &rng) }
        default: break
        }
    }
}

/// Places: id (the JSON key), name, category, population, latitude, longitude, tags, score,
/// notes (not mapped to a field), updatedAt.
public struct PlaceFactory: RecordFactory {
    public let schema = RecordSchema.place
    public init() {}

    public func fill(_ row: inout Row, id: Int, rng: inout SplitMix64) {
        appendName(id: id, to: &row)
        for column in 1..<schema.columns.count { regenerate(column, in: &row, rng: &rng) }
    }

    public func regenerate(_ column: Int, in row: inout Row, rng: inout SplitMix64) {
        switch column {
        case 1:
            row.setScalar(1) { out in
                Pieces.appendCityName(to: &out, rng: &rng)
                out.append(contentsOf: rng.pick(Vocabulary.placeSuffixes))
            }
        case 2: row.setScalar(2) { $0.append(contentsOf: rng.pick(Vocabulary.categories)) }
        case 3:
            if rng.chance(0.1) { row.cells[3] = .absent; return }
            row.setScalar(3) { ByteFormat.appendInt(Int64(rng.below(10_000_000)), to: &$0) }
        case 4: row.setScalar(4) { Pieces.appendCoordinate(limit: 90, to: &$0, rng: &rng) }
        case 5: row.setScalar(5) { Pieces.appendCoordinate(limit: 180, to: &$0, rng: &rng) }
        case 6:
            let first = row.items.count
            for _ in 0..<rng.below(5) {
                let start = row.mark
                row.append(rng.pick(Vocabulary.tags))
                row.endItem(from: start)
            }
            row.endList(6, firstItem: first)
        case 7: row.setScalar(7) { ByteFormat.appendDecimal(Int64(rng.below(5001)), scale: 3, to: &$0) }
        case 8:
            row.setScalar(8) { out in
                for index in 0..<rng.within(3...9) {
                    if index > 0 { out.append(Vocabulary.space) }
                    out.append(contentsOf: rng.pick(Vocabulary.noteWords))
                }
            }
        case 9: row.setScalar(9) { Pieces.appendTimestamp(to: &$0, rng: &rng) }
        default: break
        }
    }
}
