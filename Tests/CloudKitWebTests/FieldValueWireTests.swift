import CloudKitWeb
import Foundation
import Records
import Testing

@Suite("FieldValue ⇄ FieldDictionary")
struct FieldValueWireTests {
    /// Untyped values without a schema take their type from the JSON shape.
    @Test(arguments: [
        (#"{"value": "Mei"}"#, FieldValue.string("Mei")),
        (#"{"value": 18}"#, .int64(18)),
        (#"{"value": 9.5}"#, .double(9.5)),
        (#"{"value": true}"#, .int64(1)),
        (#"{"value": {"recordName": "Artist-42"}}"#, .reference(Reference(recordName: "Artist-42"))),
        (
            #"{"value": {"recordName": "a", "action": "DELETE_SELF"}}"#,
            .reference(Reference(recordName: "a", action: .deleteSelf))
        ),
        (#"{"value": {"latitude": 51.5, "longitude": -0.25}}"#, .location(Location(latitude: 51.5, longitude: -0.25))),
        (#"{"value": ["a", "b"]}"#, .list(elementType: .string, [.string("a"), .string("b")])),
        (#"{"value": [1, 2.5]}"#, .list(elementType: .double, [.double(1), .double(2.5)])),
        (#"{"value": [1, 2]}"#, .list(elementType: .int64, [.int64(1), .int64(2)])),
        (#"{"value": []}"#, .list(elementType: .string, [])),
    ])
    func inferredFromShape(text: String, expected: FieldValue) throws {
        let field = try decode(FieldDictionary.self, text)
        #expect(try FieldValue(wire: field) == expected)
    }

    /// A schema type decides what an untyped value means.
    @Test(arguments: [
        (#"{"value": 3}"#, FieldType.double, FieldValue.double(3)),
        (#"{"value": 1464000000000}"#, .timestamp, .timestamp(1_464_000_000_000)),
        (#"{"value": "AAEC"}"#, .bytes, .bytes([0, 1, 2])),
        (#"{"value": [1, 2]}"#, .doubleList, .list(elementType: .double, [.double(1), .double(2)])),
        (#"{"value": []}"#, .int64List, .list(elementType: .int64, [])),
        (#"{"value": "42"}"#, .int64, .int64(42)),
        (#"{"value": "2.5"}"#, .double, .double(2.5)),
    ])
    func typedBySchema(text: String, schemaType: FieldType, expected: FieldValue) throws {
        let field = try decode(FieldDictionary.self, text)
        #expect(try FieldValue(wire: field, schemaType: schemaType) == expected)
    }

    /// The field's own `type` wins over the JSON shape.
    @Test func explicitTypeWins() throws {
        let field = try decode(FieldDictionary.self, #"{"value": 1464000000000, "type": "TIMESTAMP"}"#)
        #expect(try FieldValue(wire: field, schemaType: .int64) == .timestamp(1_464_000_000_000))
    }

    @Test(arguments: [Int64.max, Int64.min, 9_007_199_254_740_993, -9_007_199_254_740_993])
    func int64ExtremesExact(value: Int64) throws {
        let text = #"{"type": "INT64", "value": \#(value)}"#
        let field = try decode(FieldDictionary.self, text)
        #expect(field.value == .integer(value))
        #expect(try FieldValue(wire: field) == .int64(value))
        let encoded = try encode(FieldDictionary(.int64(value)))
        #expect(encoded == text.replacingOccurrences(of: " ", with: ""))
        let timestamp = try encode(FieldDictionary(.timestamp(value)))
        #expect(timestamp.contains(String(value)))
    }

    /// Every record value survives `FieldDictionary(_:)`, JSON and `FieldValue(wire:)`, with `type` written.
    @Test(arguments: [
        FieldValue.string("Zürich \"quoted\""), .int64(-7), .double(0.1), .double(3), .double(-1e-300),
        .timestamp(-1), .bytes([0, 255, 128]), .bytes([]),
        .reference(Reference(recordName: "x/y", action: .validate)),
        .location(Location(latitude: -33.9, longitude: 151.2)),
        .list(elementType: .timestamp, [.timestamp(1), .timestamp(2)]),
        .list(elementType: .location, [.location(Location(latitude: 1, longitude: 2))]),
        .list(elementType: .bytes, []),
    ])
    func roundTrip(value: FieldValue) throws {
        let text = try encode(FieldDictionary(value))
        #expect(text.contains(#""type":"\#(value.type.rawValue)""#))
        let decoded = try decode(FieldDictionary.self, text)
        #expect(try FieldValue(wire: decoded) == value)
    }

    @Test func numbersAsStrings() throws {
        #expect(FieldDictionary(.int64(Int64.max), numbersAsStrings: true).value == .string("9223372036854775807"))
        #expect(FieldDictionary(.double(2.5), numbersAsStrings: true).value == .string("2.5"))
        #expect(FieldDictionary(.timestamp(5), numbersAsStrings: true).value == .integer(5))
        let back = try FieldValue(wire: FieldDictionary(.int64(Int64.min), numbersAsStrings: true))
        #expect(back == .int64(Int64.min))
    }

    @Test func negativeZeroIsNormalized() throws {
        let value = try FieldValue(wire: FieldDictionary(value: .double(-0.0), type: .double))
        guard case .double(let double) = value else {
            Issue.record("not a double")
            return
        }
        #expect(double.sign == .plus)
    }

    /// Values that do not fit their type fail with BAD_REQUEST and say what was wrong.
    @Test(arguments: [
        (#"{"value": "abc", "type": "INT64"}"#, "a INT64 value cannot be a string"),
        (#"{"value": 1.5, "type": "TIMESTAMP"}"#, "a TIMESTAMP value cannot be a number"),
        (#"{"value": "***", "type": "BYTES"}"#, "a BYTES value is not base64"),
        (#"{"value": {"size": 3}}"#, "cannot infer the type of an object"),
        (#"{"value": null}"#, "a field value cannot be null"),
        (#"{"value": ["a", 1]}"#, "a list mixes STRING and INT64 values"),
        (#"{"value": {"fileChecksum": "x"}, "type": "ASSETID"}"#, "an ASSET value needs \"fileChecksum\" and \"size\""),
        (#"{"value": "x", "type": "ASSET"}"#, "a ASSET value cannot be a string"),
        (#"{"value": 1, "type": "GEOHASH"}"#, "field type GEOHASH is not supported"),
        (#"{"value": {"recordName": "a", "action": "EXPLODE"}, "type": "REFERENCE"}"#, "unknown reference action"),
    ])
    func rejected(text: String, reason: String) throws {
        let field = try decode(FieldDictionary.self, text)
        let error = try #require(throws: CloudKitError.self) { try FieldValue(wire: field) }
        #expect(error.serverErrorCode == .badRequest)
        #expect(error.reason?.contains(reason) == true, "\(error)")
    }

    /// An asset reads as the server names it, by its checksum and size, whether saved (`ASSETID`),
    /// returned (`ASSET`, with a downloadURL) or untyped; and goes back as `{fileChecksum, size}`.
    @Test func assetsReadByTheirChecksum() throws {
        let expected = FieldValue.asset(Asset(size: 312, identity: .fileChecksum("c1")))
        for text in [
            #"{"value": {"fileChecksum": "c1", "size": 312, "downloadURL": "http://h/d"}, "type": "ASSET"}"#,
            #"{"value": {"fileChecksum": "c1", "size": 312, "receipt": "r"}, "type": "ASSETID"}"#,
            #"{"value": {"fileChecksum": "c1", "size": 312}}"#,
        ] {
            #expect(try FieldValue(wire: decode(FieldDictionary.self, text)) == expected)
        }
        let list = try FieldValue(
            wire: decode(
                FieldDictionary.self, #"{"value": [{"fileChecksum": "c1", "size": 312}], "type": "ASSETID_LIST"}"#))
        #expect(list == .list(elementType: .asset, [expected]))
        let wire = FieldDictionary(expected)
        #expect(wire.type == .asset)
        #expect(wire.asset == AssetDictionary(fileChecksum: "c1", size: 312))
    }

    @Test func recordConversion() throws {
        let record = Record(
            type: "Airport", name: "EGLL",
            fields: ["elevation": .int64(83), "name": .string("Heathrow"), "score": .double(2)])
        let wire = RecordDictionary(record, recordChangeTag: "t1")
        #expect(wire.fields?["score"]?.type == .double)
        #expect(try Record(wire) == record)
        var untyped = wire
        untyped.fields?["score"] = FieldDictionary(value: 2)
        #expect(try Record(untyped, schema: ["score": .double]) == record)
        #expect(try Record(untyped).fields["score"] == .int64(2))

        untyped.fields?["elevation"] = FieldDictionary(value: "high", type: .int64)
        let error = try #require(throws: CloudKitError.self) { try Record(untyped) }
        #expect(
            error.description
                == #"BAD_REQUEST for Airport/EGLL (reason: field "elevation": a INT64 value cannot be a string)"#)

        untyped.recordType = nil
        let missing = try #require(throws: CloudKitError.self) { try Record(untyped) }
        #expect(missing.reason == "missing recordType")
    }
}
