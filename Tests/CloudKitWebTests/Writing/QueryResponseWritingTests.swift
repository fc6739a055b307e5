import Foundation
import TestSupport
import Testing

@testable import CloudKitWeb

/// `QueryResponse.jsonBytes()` against `JSONEncoder`: the same bytes for every scalar, the same
/// values for whole pages.
@Suite("QueryResponse written as bytes")
struct QueryResponseWritingTests {
    /// Pages read from generated documents, written both ways, read back: the same values.
    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func pagesReadBackAsJSONEncoderPages(seed: UInt64) throws {
        var generator = WireDocumentGenerator(seed: seed + 100)
        var written = 0
        for _ in 0..<250 {
            guard let page = try? QueryResponse(json: Data(generator.document().utf8)) else { continue }
            let ours = try JSONDecoder().decode(QueryResponse.self, from: Data(try page.jsonBytes()))
            let theirs = try JSONDecoder().decode(QueryResponse.self, from: try JSONEncoder().encode(page))
            #expect(canonical(ours) == canonical(theirs))
            written += 1
        }
        #expect(written > 200)
    }

    @Test func stringsEscapedAsJSONEncoderDoes() throws {
        var every = String(String.UnicodeScalarView((0..<0x80).map { Unicode.Scalar(UInt8($0)) }))
        every += "é\u{2028}\u{2029}😀\u{FEFF}中"
        for text in [every, "", "plain", "a/b", "\"quoted\"", "tab\tnew\nline", "\u{0}"] {
            var writer = JSONWriter(capacity: 0)
            writer.string(text)
            let bytes = writer.finish()
            #expect(bytes == Array(try JSONEncoder().encode(text)), "\(text.debugDescription)")
        }
    }

    @Test func numbersWrittenAsJSONEncoderDoes() throws {
        var random = SplitMix64(seed: 7)
        let doubles: [Double] =
            [
                0, -0.0, 3, -3, 0.1, 1e20, 1e-7, 0x1p60, 0x1p53 + 2, 5e-324, .greatestFiniteMagnitude, 123456.789, 1e16,
                1e15,
            ]
            + (0..<2000).map { _ in Double(bitPattern: random.next()) }.filter(\.isFinite)
        for value in doubles {
            var writer = JSONWriter(capacity: 0)
            try writer.double(value)
            let bytes = writer.finish()
            #expect(bytes == Array(try JSONEncoder().encode(value)), "\(value)")
        }
        for value in [0, 1, -1, 42, .max, .min] + (0..<1000).map({ _ in Int64(bitPattern: random.next()) }) {
            var writer = JSONWriter(capacity: 0)
            writer.integer(value)
            let bytes = writer.finish()
            #expect(bytes == Array(try JSONEncoder().encode(value)), "\(value)")
        }
    }

    @Test func nonFiniteDoublesRefusedAsJSONEncoderDoes() {
        let page = QueryResponse(records: [
            RecordDictionary(recordName: "a", fields: ["x": FieldDictionary(value: .double(.nan))])
        ])
        #expect(throws: EncodingError.self) { try page.jsonBytes() }
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(page) }
    }

    /// Members `JSONEncoder` leaves out stay out: an empty record name, absent optionals.
    @Test func absentMembersLeftOut() throws {
        let page = QueryResponse(records: [RecordDictionary(recordName: ""), .deletion("gone")])
        #expect(
            String(decoding: try page.jsonBytes(), as: UTF8.self)
                == #"{"records":[{},{"recordName":"gone","deleted":true}]}"#)
    }
}
