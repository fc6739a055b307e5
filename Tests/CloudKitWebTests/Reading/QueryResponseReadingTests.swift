import CloudKitWeb
import Foundation
import Testing

/// `QueryResponse(json:)` against `JSONDecoder`: the same values, or both refusing, on every
/// document; and clear errors on malformed ones.
@Suite("QueryResponse read from bytes")
struct QueryResponseReadingTests {
    /// Generated documents, every spelling JSON allows; each seed is one batch of 250.
    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func agreesWithJSONDecoderOnGeneratedDocuments(seed: UInt64) throws {
        var generator = WireDocumentGenerator(seed: seed)
        var decoded = 0
        for index in 0..<250 {
            let text = generator.document()
            let outcome = compare(text)
            #expect(outcome != .disagree, "seed \(seed), document \(index): \(text)")
            if outcome == .bothRead { decoded += 1 }
        }
        #expect(decoded > 200, "most generated documents should decode")
    }

    /// Hand-picked corners, each inside a typed field and as a top-level member.
    @Test(arguments: [
        #"{"records": []}"#,
        #"{"continuationMarker": null, "records": []}"#,
        #"{"records": [{}], "continuationMarker": "m"}"#,
        #"{"records": [{"recordName": null, "fields": null, "created": null, "deleted": null, "zoneID": null}]}"#,
        #"{"records": [{"recordName": "a", "recordName": 5}]}"#,
        #"{"records": [{"recordName": "r\u00e9\ud83d\ude00\n\"\/\\"}]}"#,
        #"{"records": [{"recordN\u0061me": "escaped key"}]}"#,
        #"{"records": [{"zoneID": {"zoneName": "z", "ownerRecordName": "a", "ownerName": 5}}]}"#,
        #"{"records": [{"zoneID": {"zoneName": "z", "ownerRecordName": null, "ownerName": "b"}}]}"#,
        #"{"records": [{"created": {"timestamp": 1.5e3, "deviceID": null}}]}"#,
        #"{"records": [{"fields": {"a": {"type": "DOUBLE", "value": 3}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 3, "type": "DOUBLE"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 0e5, "type": "DOUBLE"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 1e-400, "type": "DOUBLE"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 9007199254740993.5, "type": "DOUBLE"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 9007199254740993.5}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": {"latitude": 1, "longitude": 2.5}, "type": "LOCATION"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": {"latitude": 1, "longitude": "x"}, "type": "LOCATION"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": {"latitude": 1, "latitude": "x"}, "type": "LOCATION"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": [1, 2.5, -0], "type": "DOUBLE_LIST"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": [1, null], "type": "DOUBLE_LIST"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": null, "type": "DOUBLE"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 1, "type": null}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 1, "value": 2, "type": "INT64", "type": 7}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 1}, "a": {"value": 2}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": {"x": 1, "x": 2, "y": [true, false, null]}}}}]}"#,
        "\u{FEFF}{\"records\":[]}",
        " \t\r\n{ \"records\" : [ ] } \n",
        #"{"records": [], "records": 5}"#,
    ])
    func agreesWithJSONDecoderOnCorners(text: String) {
        #expect(compare(text) == .bothRead)
    }

    /// Documents both refuse.
    @Test(arguments: [
        #"{"records": null}"#,
        #"{}"#,
        #"{"records": [null]}"#,
        #"{"records": [{"recordName": 5}]}"#,
        #"{"records": [{"created": {"userRecordName": "u"}}]}"#,
        #"{"records": [{"created": {"timestamp": 0.5}}]}"#,
        #"{"records": [{"created": {"timestamp": 9223372036854775808}}]}"#,
        #"{"records": [{"fields": {"a": {"type": "INT64"}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 1, "type": 5}}}]}"#,
        #"{"records": [{"fields": {"a": {"value": 1e400}}}]}"#,
        #"{"records": [{"zoneID": {"ownerRecordName": "a"}}]}"#,
        #"{"records": [{"recordName": "\ud83d"}]}"#,
        #"{"records": [{"recordName": "\ude00x"}]}"#,
    ])
    func bothRefuse(text: String) {
        #expect(compare(text) == .bothRefused)
    }

    /// Malformed documents: the error says where and what.
    @Test(arguments: [
        ("", "byte 0: unexpected end of the document"),
        (#"{"records": [], }"#, "byte 16: expected a member name string, found '}'"),
        (#"{"records": [{},]}"#, "expected a value after ',' in an array"),
        (#"{"records": []} x"#, "byte 16: unexpected 'x' after the end of the document"),
        (#"{"records": [{"recordName": "a}]}"#, "a string is not terminated"),
        (#"{"records": [{"recordName": "\q"}]}"#, "invalid escape sequence"),
        (#"{"records": [{"recordName": "\u12"}]}"#, "\\u must be followed by four hexadecimal digits"),
        (#"{"records": [{"recordName": "\ud83d"}]}"#, "high surrogate without its low surrogate"),
        (#"{"records": [{"x": 01}]}"#, "a number has a leading zero"),
        (#"{"records": [{"x": 1.}]}"#, "'.' must be followed by a digit"),
        (#"{"records": [{"x": -}]}"#, "'-' must be followed by a digit"),
        (#"{"records": [{"x": 1e+}]}"#, "exponent has no digits"),
        (#"{"records": [{"x": tru}]}"#, "expected true"),
        (#"{"records": [{"fields": {"a": {"value": 1e400}}}]}"#, "fits neither a 64-bit integer nor a double"),
        (#"{"records": [{"created": {"timestamp": 0.5}}]}"#, "the number 0.5 is not a 64-bit integer"),
        (#"{"records": [{"recordName": 5}]}"#, "expected a string, found a number"),
        (#"{"records": [{}, {"fields": {"lat": {"value": [}}}]}"#, "records[1].fields.lat.value"),
        (#"{"records": [{"fields": {"a": {"type": "INT64"}}}]}"#, "missing key \"value\""),
        (#"{"records" [] }"#, "expected ':' after a member name"),
        (#"{"records": [] /* comment */}"#, "expected ',' or '}' in an object, found '/'"),
        (#"{"x": "# + String(repeating: "[", count: 600), "more than 512 nested arrays and objects"),
    ])
    func malformedDocumentsSayWhere(text: String, message: String) {
        do {
            _ = try QueryResponse(json: Data(text.utf8))
            Issue.record("read a malformed document: \(text)")
        } catch {
            let description = summary(error)
            #expect(description.contains(message), "\(description)")
        }
    }

    /// Raw bytes no string may hold: control characters, invalid UTF-8 (also in skipped members,
    /// where `JSONDecoder` does not look).
    @Test(arguments: [
        [UInt8](#"{"records": [{"recordName": "a"#.utf8) + [0x01] + Array(#""}]}"#.utf8),
        [UInt8](#"{"records": [{"recordName": "a"#.utf8) + [0xFF] + Array(#""}]}"#.utf8),
        [UInt8](#"{"records": [{"other": "a"#.utf8) + [0xC3] + Array(#""}]}"#.utf8),
        [UInt8](#"{"records": [{"a"#.utf8) + [0xED, 0xA0, 0x80] + Array(#"": 1}]}"#.utf8),
        [UInt8](#"{"records": [{"recordName": "\u00e9"#.utf8) + [0xC0, 0x80] + Array(#""}]}"#.utf8),
    ])
    func invalidBytesInStringsAreRefused(bytes: [UInt8]) {
        #expect(throws: DecodingError.self) { try QueryResponse(json: Data(bytes)) }
    }
}

enum Outcome: Equatable {
    case bothRead, bothRefused, disagree
}

/// Reads `text` both ways and compares the values bit for bit.
func compare(_ text: String) -> Outcome {
    let data = Data(text.utf8)
    let expected = try? JSONDecoder().decode(QueryResponse.self, from: data)
    let read = try? QueryResponse(json: data)
    switch (expected, read) {
    case (nil, nil): return .bothRefused
    case (let expected?, let read?): return canonical(expected) == canonical(read) ? .bothRead : .disagree
    default: return .disagree
    }
}

/// The coding path and description of a reader's error.
func summary(_ error: any Error) -> String {
    guard case DecodingError.dataCorrupted(let context) = error else { return "\(error)" }
    let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    return path + ": " + context.debugDescription
}

/// A text equal for two responses exactly when their values are identical: doubles by bit
/// pattern (so `-0.0` is not `0.0`), members in order of their names.
func canonical(_ response: QueryResponse) -> String {
    "\(response.continuationMarker.debugDescription) " + response.records.map(canonical).joined(separator: "\n")
}

func canonical(_ record: RecordDictionary) -> String {
    let fields = record.fields.map { fields in
        fields.sorted { $0.key < $1.key }.map {
            "\($0.key.debugDescription)=\(canonical($0.value.value)):\($0.value.type?.rawValue ?? "-")"
        }
        .joined(separator: ",")
    }
    return [
        record.recordName.debugDescription, record.recordType.debugDescription,
        record.recordChangeTag.debugDescription, fields.debugDescription, "\(record.created as Any)",
        "\(record.modified as Any)", "\(record.deleted as Any)", "\(record.zoneID as Any)",
    ].joined(separator: " ")
}

private func canonical(_ value: WireJSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool(let flag): "\(flag)"
    case .integer(let integer): "i\(integer)"
    case .double(let double): "d\(double.bitPattern)"
    case .string(let text): text.debugDescription
    case .array(let elements): "[" + elements.map(canonical).joined(separator: ",") + "]"
    case .object(let members):
        "{"
            + members.sorted { $0.key < $1.key }.map { "\($0.key.debugDescription):\(canonical($0.value))" }
            .joined(separator: ",") + "}"
    }
}
