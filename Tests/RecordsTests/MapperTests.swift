@testable import Records
import Testing

/// A record type with the given fields, named by column "id", read from `data/a.csv`.
func mapperType(_ fields: [FieldMapping], name: RecordNameTemplate = .init(parts: [.column("id")], text: "{id}"))
    -> RecordTypeConfiguration
{
    RecordTypeConfiguration(
        name: "Airport", source: "data/a.csv", format: .csv, recordName: name, fields: fields, compare: .default)
}

@Suite("Record mapper")
struct MapperTests {
    /// Maps one value of field "f" (with the name column "id" = "r1") on line 7.
    static func mapValue(_ raw: RawValue?, _ mapping: FieldMapping) throws(InputError) -> FieldValue? {
        let mapper = RecordMapper(type: mapperType([mapping]), sourcePath: "data/a.csv")
        var values = [RawValue?](repeating: nil, count: mapper.columns.count)
        values[0] = .string("r1")
        if mapper.columns.count > 1 { values[1] = raw }
        return try mapper.record(SourceRow(line: 7, key: nil, values: values)).fields["f"]
    }

    static func mapError(_ raw: RawValue?, _ mapping: FieldMapping) -> String {
        do {
            _ = try mapValue(raw, mapping)
            return "no error"
        } catch {
            return error.description
        }
    }

    static func field(_ type: FieldType, separator: String? = nil) -> FieldMapping {
        FieldMapping(name: "f", type: type, source: .column("c"), separator: separator)
    }

    @Test func columnsComeFromTheNameThenTheFieldsOnce() {
        let type = mapperType(
            [
                FieldMapping(name: "where", type: .location, source: .coordinates(latitude: "lat", longitude: "lon")),
                FieldMapping(name: "code", type: .string, source: .column("id")),
                FieldMapping(name: "b", type: .double, source: .column("lat")),
            ],
            name: RecordNameTemplate(parts: [.literal("a-"), .column("id"), .literal("-"), .column("cc")], text: "a-{id}-{cc}"))
        #expect(RecordMapper(type: type, sourcePath: "x").columns == ["id", "cc", "lat", "lon"])
    }

    /// `map` writes a row's fields as it converts them, in its fields' UTF-8 order, not through a
    /// record: its blob must be the record's canonical encoding whatever order they are declared in.
    @Test func aMappedBlobIsTheCanonicalEncodingOfItsRecord() throws {
        let type = mapperType([
            FieldMapping(name: "zeta", type: .int64, source: .column("z")),
            FieldMapping(name: "Zeta", type: .string, source: .column("Z")),
            FieldMapping(name: "a_b", type: .double, source: .column("ab")),
            FieldMapping(name: "aB", type: .stringList, source: .column("list"), separator: "|"),
            FieldMapping(name: "where", type: .location, source: .coordinates(latitude: "lat", longitude: "lon")),
        ])
        let mapper = RecordMapper(type: type, sourcePath: "data/a.csv")
        let cells: [String: RawValue] = [
            "id": .string("r1"), "z": .number("3"), "Z": .string("Café"), "ab": .number("0.5"),
            "list": .string("x|y"), "lat": .number("51.47"), "lon": .number("-0.45"),
        ]
        for absent in [nil, "Z", "list"] {
            let row = SourceRow(line: 2, key: nil, values: mapper.columns.map { $0 == absent ? nil : cells[$0] })
            let record = try mapper.record(row)
            #expect(record.fields.count == (absent == nil ? 5 : 4))
            #expect(try mapper.map(row).blob == CanonicalJSON.encode(record))
        }
    }

    @Test func absentValuesLeaveTheFieldOut() throws {
        for raw: RawValue? in [nil, .null, .string(""), .array([])] {
            #expect(try Self.mapValue(raw, Self.field(.stringList)) == nil)
        }
        #expect(try Self.mapValue(.string("|||"), Self.field(.int64List, separator: "|")) == nil)
    }

    @Test(arguments: [
        (FieldType.string, RawValue.string("plain"), FieldValue.string("plain")),
        (.string, .string("Cafe\u{301}"), .string("Café")),
        (.string, .number("12.50"), .string("12.50")),
        (.string, .bool(true), .string("true")),
        (.int64, .number("83"), .int64(83)),
        (.int64, .string(" -42 "), .int64(-42)),
        (.int64, .string("+7"), .int64(7)),
        (.int64, .string("83.0"), .int64(83)),
        (.int64, .number("-9223372036854775808"), .int64(.min)),
        (.int64, .number("9223372036854775807"), .int64(.max)),
        (.double, .number("12.50"), .double(12.5)),
        (.double, .string(".5"), .double(0.5)),
        (.double, .string("+5."), .double(5)),
        (.double, .string("-0"), .double(0)),
        (.double, .number("0e-400"), .double(0)),
        (.double, .number("0.1"), .double(0.1)),
        (.timestamp, .number("1709251200000"), .timestamp(1_709_251_200_000)),
        (.timestamp, .string("1709251200000"), .timestamp(1_709_251_200_000)),
        (.timestamp, .string("2024-03-01"), .timestamp(1_709_251_200_000)),
        (.timestamp, .string("2024-03-01T12:30:00Z"), .timestamp(1_709_296_200_000)),
        (.timestamp, .string("2024-03-01 12:30"), .timestamp(1_709_296_200_000)),
        (.timestamp, .string("2024-03-01T12:30:00.1234Z"), .timestamp(1_709_296_200_123)),
        (.timestamp, .string("2024-03-01T14:30:00+02:00"), .timestamp(1_709_296_200_000)),
        (.timestamp, .string("2024-03-01T07:00:00-0530"), .timestamp(1_709_296_200_000)),
        (.timestamp, .string("2024-02-29t12:30:00,5z"), .timestamp(1_709_209_800_500)),
        (.timestamp, .string("1969-12-31T23:59:59Z"), .timestamp(-1000)),
        (.bytes, .string("aGVsbG8="), .bytes(Array("hello".utf8))),
        (.bytes, .string("aGVsbG8"), .bytes(Array("hello".utf8))),
        (.bytes, .string("AA"), .bytes([0])),
        (.reference, .string("EGLL"), .reference(Reference(recordName: "EGLL"))),
        (.reference, .object(["recordName": .string("X"), "action": .string("DELETE_SELF"), "zoneID": .object([:])]),
         .reference(Reference(recordName: "X", action: .deleteSelf))),
        (.location, .object(["latitude": .number("51.47"), "longitude": .number("-0.46")]),
         .location(Location(latitude: 51.47, longitude: -0.46))),
        (.location, .object(["lat": .string("1"), "lng": .number("2"), "altitude": .number("9")]),
         .location(Location(latitude: 1, longitude: 2))),
        (.location, .string(#"{"lat": -90, "lon": 180}"#), .location(Location(latitude: -90, longitude: 180))),
        (.stringList, .array([.string("a"), .number("1")]), .list(elementType: .string, [.string("a"), .string("1")])),
        (.int64List, .string("[1, 2]"), .list(elementType: .int64, [.int64(1), .int64(2)])),
        (.timestampList, .array([.string("2024-03-01")]), .list(elementType: .timestamp, [.timestamp(1_709_251_200_000)])),
    ])
    func convertsValues(type: FieldType, raw: RawValue, expected: FieldValue) throws {
        #expect(try Self.mapValue(raw, Self.field(type)) == expected)
    }

    @Test func separatedListsSkipEmptyElements() throws {
        #expect(
            try Self.mapValue(.string("a||b |"), Self.field(.stringList, separator: "|"))
                == .list(elementType: .string, [.string("a"), .string("b ")]))
        #expect(
            try Self.mapValue(.string("1; 2"), Self.field(.doubleList, separator: "; "))
                == .list(elementType: .double, [.double(1), .double(2)]))
    }

    @Test func referencesTakeTheMappingsAction() throws {
        let mapping = FieldMapping(name: "f", type: .reference, source: .column("c"), referenceAction: .deleteSelf)
        #expect(try Self.mapValue(.string("X"), mapping) == .reference(Reference(recordName: "X", action: .deleteSelf)))
    }

    @Test(arguments: [
        (FieldType.double, RawValue.string("12a"), #"data/a.csv:7: field "f": "12a" is not a DOUBLE"#),
        (.double, .string("NaN"), #"data/a.csv:7: field "f": "NaN" is not a finite number; NaN and infinities are not allowed"#),
        (.double, .string("-Infinity"), #"data/a.csv:7: field "f": "-Infinity" is not a finite number; NaN and infinities are not allowed"#),
        (.double, .string("0x1p3"), #"data/a.csv:7: field "f": "0x1p3" is not a DOUBLE"#),
        (.double, .number("1e400"), #"data/a.csv:7: field "f": 1e400 is out of the DOUBLE range"#),
        (.double, .number("1e-400"), #"data/a.csv:7: field "f": 1e-400 is too small for a DOUBLE (it would become 0)"#),
        (.double, .string("-2.5e-999"), #"data/a.csv:7: field "f": "-2.5e-999" is too small for a DOUBLE (it would become 0)"#),
        (.double, .bool(false), #"data/a.csv:7: field "f": false is not a DOUBLE"#),
        (.int64, .string("12a"), #"data/a.csv:7: field "f": "12a" is not an INT64"#),
        (.int64, .number("83.5"), #"data/a.csv:7: field "f": 83.5 is not an INT64"#),
        (.int64, .number("1e3"), #"data/a.csv:7: field "f": 1e3 is not an INT64"#),
        (.int64, .number("9223372036854775808"), #"data/a.csv:7: field "f": 9223372036854775808 is out of the INT64 range"#),
        (.string, .array([]), #"data/a.csv:7: field "f": an array is not a STRING"#),
        (.timestamp, .string("2023-02-29"), #"data/a.csv:7: field "f": "2023-02-29" is not a TIMESTAMP (expected ISO 8601 such as 2024-03-01T12:30:00Z, or epoch milliseconds)"#),
        (.timestamp, .string("2024-03-01T24:00:00Z"), #"data/a.csv:7: field "f": "2024-03-01T24:00:00Z" is not a TIMESTAMP (expected ISO 8601 such as 2024-03-01T12:30:00Z, or epoch milliseconds)"#),
        (.timestamp, .number("1.5"), #"data/a.csv:7: field "f": 1.5 is not a TIMESTAMP (epoch milliseconds must be an integer)"#),
        (.bytes, .string("a$=="), #"data/a.csv:7: field "f": "a$==" is not BYTES (expected base64)"#),
        (.bytes, .string("abcde"), #"data/a.csv:7: field "f": "abcde" is not BYTES (expected base64)"#),
        (.reference, .string("_sys"), #"data/a.csv:7: field "f": reference to record name "_sys", which starts with "_", which CloudKit reserves for system records"#),
        (.reference, .object(["recordName": .string("x"), "action": .string("CASCADE")]), #"data/a.csv:7: field "f": "CASCADE" is not a reference action (expected NONE, DELETE_SELF or VALIDATE)"#),
        (.location, .array([.number("1"), .number("2")]), #"data/a.csv:7: field "f": an array is not a LOCATION: use an object {"latitude": …, "longitude": …} (arrays are ambiguous: GeoJSON puts longitude first)"#),
        (.location, .object(["latitude": .number("91"), "longitude": .number("0")]), #"data/a.csv:7: field "f": latitude 91 is outside -90...90"#),
        (.location, .object(["latitude": .string("x"), "longitude": .number("0")]), #"data/a.csv:7: field "f": latitude "x" is not a number"#),
        (.stringList, .string("a|b"), #"data/a.csv:7: field "f": "a|b" is not a STRING_LIST: expected a JSON array, or set `separator` for this field in cksync.toml"#),
        (.int64List, .array([.number("1"), .null]), #"data/a.csv:7: field "f": element 2: is null"#),
        (.int64List, .array([.string("x")]), #"data/a.csv:7: field "f": element 1: "x" is not an INT64"#),
        (.int64List, .string("[1,"), #"data/a.csv:7: field "f": invalid JSON at column 4: expected a value, found the end of the value"#),
    ])
    func conversionErrorsNameFileLineAndField(type: FieldType, raw: RawValue, expected: String) {
        #expect(Self.mapError(raw, Self.field(type)) == expected)
    }

    @Test func coordinatesNeedBothColumns() throws {
        let mapping = FieldMapping(name: "f", type: .location, source: .coordinates(latitude: "lat", longitude: "lon"))
        let mapper = RecordMapper(type: mapperType([mapping]), sourcePath: "data/a.csv")
        func map(_ lat: RawValue?, _ lon: RawValue?) throws(InputError) -> FieldValue? {
            try mapper.record(SourceRow(line: 3, key: nil, values: [.string("r"), lat, lon])).fields["f"]
        }
        #expect(try map(.string("51.5"), .string("-0.1")) == .location(Location(latitude: 51.5, longitude: -0.1)))
        #expect(try map(nil, .string("")) == nil)
        #expect(throws: InputError.self) { try map(.string("1"), nil) }
        do {
            _ = try map(nil, .string("2"))
        } catch {
            #expect(error.description == #"data/a.csv:3: field "f": latitude column "lat" is empty but longitude column "lon" is not"#)
        }
        do {
            _ = try map(.string("1"), .string("181"))
        } catch {
            #expect(error.description == #"data/a.csv:3: field "f": longitude "181" is outside -180...180"#)
        }
    }

    static func nameError(_ template: RecordNameTemplate, _ values: [RawValue?], key: String? = nil) -> String {
        let mapper = RecordMapper(type: mapperType([], name: template), sourcePath: "data/a.csv")
        do {
            return try mapper.record(SourceRow(line: 9, key: key, values: values)).name
        } catch {
            return error.description
        }
    }

    @Test func recordNamesFollowTheTemplate() throws {
        let template = RecordNameTemplate(parts: [.literal("ap-"), .column("icao"), .literal("-"), .column("n")], text: "ap-{icao}-{n}")
        #expect(Self.nameError(template, [.string("EGLL"), .number("3")]) == "ap-EGLL-3")
        let keyed = RecordNameTemplate(parts: [.objectKey], text: "{$key}")
        #expect(Self.nameError(keyed, [], key: "k1") == "k1")
    }

    @Test(arguments: [
        ([RawValue?.none], #"data/a.csv:9: record name: column "id" is empty"#),
        ([.string("")], #"data/a.csv:9: record name: column "id" is empty"#),
        ([.bool(true)], #"data/a.csv:9: record name: column "id" holds true, not a string or number"#),
        ([.string("_x")], #"data/a.csv:9: record name "_x" starts with "_", which CloudKit reserves for system records"#),
        ([.string("Zürich")], #"data/a.csv:9: record name "Zürich" has a non-ASCII character; CloudKit record names are ASCII"#),
        ([.string("a\tb")], #"data/a.csv:9: record name "a\tb" has a control character"#),
        ([.string(String(repeating: "x", count: 256))], "data/a.csv:9: record name \"\(String(repeating: "x", count: 256))\" is 256 bytes long; CloudKit allows at most 255"),
    ])
    func invalidRecordNamesAreErrors(values: [RawValue?], expected: String) {
        #expect(Self.nameError(RecordNameTemplate(parts: [.column("id")], text: "{id}"), values) == expected)
    }

    @Test func objectKeyNeedsAnObjectOfObjects() {
        #expect(
            Self.nameError(RecordNameTemplate(parts: [.objectKey], text: "{$key}"), [])
                == "data/a.csv:9: record name: {$key} needs a JSON object of records keyed by name, and this source is not one")
    }

    @Test func mapEncodesTheRecordCanonically() throws {
        let mapper = RecordMapper(type: mapperType([Self.field(.int64)]), sourcePath: "data/a.csv")
        let row = SourceRow(line: 2, key: nil, values: [.string("r1"), .string("5")])
        let encoded = try mapper.map(row)
        #expect(encoded.name == "r1")
        #expect(encoded.blob == CanonicalJSON.encode(Record(type: "Airport", name: "r1", fields: ["f": .int64(5)])))
    }
}
