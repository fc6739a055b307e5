/// The two synthetic record types the benchmark generates.
extension RecordSchema {
    /// Airports from CSV (or JSON / JSON Lines): every field type cksync maps.
    public static let airport = RecordSchema(
        typeName: "Airport",
        columns: [
            Column("icao", .string), Column("name", .string), Column("city", .string),
            Column("country", .string), Column("lat", .decimal(scale: 6)), Column("lon", .decimal(scale: 6)),
            Column("elevation", .integer), Column("timezone", .string), Column("aliases", .list),
            Column("magvar", .decimal(scale: 1)), Column("updatedAt", .timestamp),
        ],
        nameColumn: 0, namePrefix: "K", idOffset: 46656,
        fields: [
            FieldSpec(name: "name", type: .string, columns: [1]),
            FieldSpec(name: "city", type: .string, columns: [2]),
            FieldSpec(name: "country", type: .string, columns: [3]),
            FieldSpec(name: "location", type: .location, columns: [4, 5]),
            FieldSpec(name: "elevation", type: .int64, columns: [6]),
            FieldSpec(name: "timezone", type: .string, columns: [7]),
            FieldSpec(name: "aliases", type: .stringList, columns: [8]),
            FieldSpec(name: "magneticVariation", type: .double, columns: [9]),
            FieldSpec(name: "updatedAt", type: .timestamp, columns: [10]),
        ],
        ignored: ["updatedAt"], locationTolerance: 0.0001, doubleTolerance: 0.0,
        updatedColumn: 10
    )

    /// Places from a JSON object keyed by id; `notes` is a column no field maps.
    public static let place = RecordSchema(
        typeName: "Place",
        columns: [
            Column("id", .string), Column("name", .string), Column("category", .string),
            Column("population", .integer), Column("latitude", .decimal(scale: 6)),
            Column("longitude", .decimal(scale: 6)), Column("tags", .list),
            Column("score", .decimal(scale: 3)), Column("notes", .string), Column("updatedAt", .timestamp),
        ],
        nameColumn: 0, namePrefix: "P", idOffset: 46656,
        fields: [
            FieldSpec(name: "name", type: .string, columns: [1]),
            FieldSpec(name: "kind", type: .string, columns: [2]),
            FieldSpec(name: "population", type: .int64, columns: [3]),
            FieldSpec(name: "location", type: .location, columns: [4, 5]),
            FieldSpec(name: "tags", type: .stringList, columns: [6]),
            FieldSpec(name: "score", type: .double, columns: [7]),
            FieldSpec(name: "updatedAt", type: .timestamp, columns: [9]),
        ],
        ignored: ["updatedAt"], locationTolerance: 0.0001, doubleTolerance: 0.0005,
        updatedColumn: 9
    )
}
