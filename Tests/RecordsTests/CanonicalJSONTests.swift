import Records
import Testing

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    static let airport = Record(
        type: "Airport", name: "EGLL",
        fields: [
            "name": .string("London Heathrow"),
            "elevation": .int64(83),
            "location": .location(Location(latitude: 51.4706, longitude: -0.461941)),
            "refs": .list(elementType: .reference, [.reference(Reference(recordName: "x"))]),
        ])

    @Test func writesTheDocumentedFormat() {
        let text = String(decoding: CanonicalJSON.encode(Self.airport), as: UTF8.self)
        #expect(
            text == """
                {
                  "fields": {
                    "elevation": {"type": "INT64", "value": 83},
                    "location": {"type": "LOCATION", "value": {"latitude": 51.4706, "longitude": -0.461941}},
                    "name": {"type": "STRING", "value": "London Heathrow"},
                    "refs": {"type": "REFERENCE_LIST", "value": [{"action": "NONE", "recordName": "x"}]}
                  },
                  "recordName": "EGLL",
                  "recordType": "Airport"
                }

                """)
    }

    @Test func emptyFieldsOnOneLine() throws {
        let text = String(decoding: CanonicalJSON.encode(Record(type: "T", name: "n", fields: [:])), as: UTF8.self)
        #expect(text == "{\n  \"fields\": {},\n  \"recordName\": \"n\",\n  \"recordType\": \"T\"\n}\n")
        #expect(try CanonicalJSON.decode(Array(text.utf8)) == Record(type: "T", name: "n", fields: [:]))
    }

    @Test func keysSortByUTF8Bytes() {
        // "Z" (0x5A) < "_" (0x5F) < "a" (0x61) < "é" (0xC3 0xA9) by bytes.
        let record = Record(
            type: "T", name: "n", fields: ["a": .int64(1), "é": .int64(2), "Z": .int64(3), "_x": .int64(4)])
        let text = String(decoding: CanonicalJSON.encode(record), as: UTF8.self)
        let keys = text.split(separator: "\n").dropFirst(2).prefix(4).map { $0.split(separator: "\"")[1] }
        #expect(keys == ["Z", "_x", "a", "é"])
    }

    @Test(arguments: [
        (
            FieldValue.string("a\"b\\c\n\t\r\u{8}\u{C}\u{0}\u{1F}é✈️"),
            #"{"type": "STRING", "value": "a\"b\\c\n\t\r\b\f\u0000\u001fé✈️"}"#
        ),
        (.string(""), #"{"type": "STRING", "value": ""}"#),
        (.int64(.min), #"{"type": "INT64", "value": -9223372036854775808}"#),
        (.int64(.max), #"{"type": "INT64", "value": 9223372036854775807}"#),
        (.int64(0), #"{"type": "INT64", "value": 0}"#),
        (.timestamp(1_709_294_400_000), #"{"type": "TIMESTAMP", "value": 1709294400000}"#),
        (.double(51.4706), #"{"type": "DOUBLE", "value": 51.4706}"#),
        (.double(3), #"{"type": "DOUBLE", "value": 3.0}"#),
        (.double(-0.0), #"{"type": "DOUBLE", "value": 0.0}"#),
        (.double(0.00001), #"{"type": "DOUBLE", "value": 1e-05}"#),
        (.double(1e20), #"{"type": "DOUBLE", "value": 1e+20}"#),
        (.double(.leastNonzeroMagnitude), #"{"type": "DOUBLE", "value": 5e-324}"#),
        (.double(-1.7976931348623157e308), #"{"type": "DOUBLE", "value": -1.7976931348623157e+308}"#),
        (.bytes([]), #"{"type": "BYTES", "value": ""}"#),
        (.bytes([1]), #"{"type": "BYTES", "value": "AQ=="}"#),
        (.bytes([1, 2]), #"{"type": "BYTES", "value": "AQI="}"#),
        (.bytes([1, 2, 3, 0xFF]), #"{"type": "BYTES", "value": "AQID/w=="}"#),
        (
            .reference(Reference(recordName: "EGLL", action: .deleteSelf)),
            #"{"type": "REFERENCE", "value": {"action": "DELETE_SELF", "recordName": "EGLL"}}"#
        ),
        (
            .location(Location(latitude: -0.0, longitude: 180)),
            #"{"type": "LOCATION", "value": {"latitude": 0.0, "longitude": 180.0}}"#
        ),
        (.list(elementType: .string, []), #"{"type": "STRING_LIST", "value": []}"#),
        (.list(elementType: .int64, [.int64(1), .int64(-2)]), #"{"type": "INT64_LIST", "value": [1, -2]}"#),
        (
            .list(elementType: .location, [.location(Location(latitude: 1.5, longitude: 2))]),
            #"{"type": "LOCATION_LIST", "value": [{"latitude": 1.5, "longitude": 2.0}]}"#
        ),
        (.list(elementType: .bytes, [.bytes([0]), .bytes([])]), #"{"type": "BYTES_LIST", "value": ["AA==", ""]}"#),
    ])
    func encodesOneValue(_ value: FieldValue, expected: String) throws {
        #expect(CanonicalJSON.encode(value) == expected)
        let record = Record(type: "T", name: "n", fields: ["f": value])
        let decoded = try CanonicalJSON.decode(CanonicalJSON.encode(record))
        #expect(decoded == record)
        // -0.0 == 0.0, so check the sign survives as the canonical +0.
        if case .double(let double) = decoded.fields["f"] { #expect(double.sign == .plus || double != 0) }
    }

    @Test func roundTripsRandomRecords() throws {
        var generator = RandomRecords(seed: 0x5EED)
        for _ in 0..<3000 {
            let record = generator.record()
            let blob = CanonicalJSON.encode(record)
            let decoded = try CanonicalJSON.decode(blob)
            #expect(decoded == record)
            // Byte-identical again: one spelling per record.
            #expect(CanonicalJSON.encode(decoded) == blob)
            try #require(decoded == record, "\(String(decoding: blob, as: UTF8.self))")
        }
    }

    @Test func doubleSpellingIsSwiftsDescription() {
        var generator = RandomRecords(seed: 7)
        for _ in 0..<5000 {
            let double = generator.double()
            let expected = double == 0 ? "0.0" : double.description
            #expect(CanonicalJSON.encode(.double(double)) == "{\"type\": \"DOUBLE\", \"value\": \(expected)}")
            #expect(CanonicalJSON.spelling(of: double) == expected)
        }
    }

    @Test func decodesNonCanonicalWhitespaceAndEscapes() throws {
        let text =
            #"{ "recordType":"T","recordName":"n\u00e9\/\ud83d\ude00" , "fields":{"f":{"type":"STRING","value":"x"}} }"#
        let record = try CanonicalJSON.decode(Array(text.utf8))
        #expect(record == Record(type: "T", name: "né/😀", fields: ["f": .string("x")]))
    }

    @Test(arguments: [
        ("", "unexpected end of the blob"),
        ("[]", "expected \"{\""),
        (#"{"fields": {}, "recordName": "n"}"#, "missing \"recordType\""),
        (#"{"fields": {}, "recordName": "n", "recordType": "T", "x": 1}"#, "unknown key \"x\" in a record"),
        (#"{"fields": {}, "recordName": "n", "recordType": "T"} x"#, "unexpected text after the record"),
        (
            #"{"fields": {"f": {"type": "INT", "value": 1}}, "recordName": "n", "recordType": "T"}"#,
            "unknown field type \"INT\""
        ),
        (
            #"{"fields": {"f": {"type": "INT64", "value": 1.5}}, "recordName": "n", "recordType": "T"}"#,
            "expected an integer, found a fraction or exponent"
        ),
        (
            #"{"fields": {"f": {"type": "INT64", "value": 9223372036854775808}}, "recordName": "n", "recordType": "T"}"#,
            "integer out of the range of INT64"
        ),
        (
            #"{"fields": {"f": {"type": "DOUBLE", "value": 1e999}}, "recordName": "n", "recordType": "T"}"#,
            "bad number 1e999"
        ),
        (
            #"{"fields": {"f": {"type": "BYTES", "value": "AQ="}}, "recordName": "n", "recordType": "T"}"#,
            "BYTES value is not padded standard base64"
        ),
        (
            #"{"fields": {"f": {"value": 1, "type": "INT64"}}, "recordName": "n", "recordType": "T"}"#,
            "expected \"type\" first in a field"
        ),
        (
            #"{"fields": {"f": {"type": "STRING", "value": "a"}, "f": {"type": "STRING", "value": "b"}}, "recordName": "n", "recordType": "T"}"#,
            "duplicate field \"f\""
        ),
        (
            #"{"fields": {"f": {"type": "LOCATION", "value": {"latitude": 1}}}, "recordName": "n", "recordType": "T"}"#,
            "LOCATION needs \"latitude\" and \"longitude\""
        ),
        (
            #"{"fields": {"f": {"type": "REFERENCE", "value": {"action": "X", "recordName": "a"}}}, "recordName": "n", "recordType": "T"}"#,
            "unknown reference action \"X\""
        ),
        (
            #"{"fields": {"f": {"type": "STRING_LIST", "value": ["a" "b"]}}, "recordName": "n", "recordType": "T"}"#,
            "expected \",\" or \"]\""
        ),
        (
            "{\"fields\": {}, \"recordName\": \"a\nb\", \"recordType\": \"T\"}",
            "unescaped control character in a string"
        ),
        (#"{"fields": {}, "recordName": "\ud800", "recordType": "T"}"#, "lone UTF-16 surrogate in a \\u escape"),
    ])
    func rejectsMalformedBlobs(_ text: String, message: String) throws {
        let error = try #require(throws: CanonicalJSONError.self) { try CanonicalJSON.decode(Array(text.utf8)) }
        #expect(error.message == message)
        #expect(error.description.hasPrefix("not a canonical record (byte \(error.offset)): "))
    }

    @Test func rejectsInvalidUTF8() throws {
        var blob = Array(#"{"fields": {}, "recordName": "x", "recordType": "T"}"#.utf8)
        blob[31] = 0xFF
        let error = try #require(throws: CanonicalJSONError.self) { try CanonicalJSON.decode(blob) }
        #expect(error.message == "string is not valid UTF-8")
    }

    @Test(arguments: [
        (FieldValue.string("a \"b\""), #""a \"b\"""#),
        (.int64(-83), "-83"),
        (.double(0.00001), "1e-05"),
        (.timestamp(1_709_294_400_000), "2024-03-01T12:00:00.000Z"),
        (.timestamp(-1), "1969-12-31T23:59:59.999Z"),
        (.timestamp(951_782_400_123), "2000-02-29T00:00:00.123Z"),
        (.bytes([1, 2, 3]), "<3 bytes AQID>"),
        (.bytes([7]), "<1 byte Bw==>"),
        (.bytes(Array(repeating: 0, count: 300)), "<300 bytes AAAAAAAAAAAAAAAAAAAA…>"),
        (.location(Location(latitude: 51.4706, longitude: -0.461941)), "(51.4706, -0.461941)"),
        (.reference(Reference(recordName: "EGLL")), "→ EGLL"),
        (.reference(Reference(recordName: "EGLL", action: .deleteSelf)), "→ EGLL (DELETE_SELF)"),
        (.list(elementType: .string, [.string("a"), .string("b")]), #"["a", "b"]"#),
        (.list(elementType: .double, []), "[]"),
    ])
    func displayText(_ value: FieldValue, expected: String) {
        #expect(value.displayText == expected)
    }
}
