import Foundation
import Testing

@testable import JSONCore

@Suite("JSON writer")
struct JSONByteWriterTests {
    func written(_ body: (inout JSONByteWriter) -> Void) -> String {
        var writer = JSONByteWriter(capacity: 4)
        body(&writer)
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    /// Reads `json` back with the lexer.
    func read(_ json: String) throws -> String {
        try Array(json.utf8).withUnsafeBufferPointer { buffer in
            var lexer = JSONLexer(buffer)
            let token = try lexer.scanString()
            #expect(lexer.atEnd)
            return try lexer.string(token, validatingUTF8: true)
        }
    }

    @Test func escapesStringsPerRFC8259() {
        #expect(written { $0.writeString("a\"b\\c/d") } == #""a\"b\\c/d""#)
        #expect(written { $0.writeString("a/b", escapingSlash: true) } == #""a\/b""#)
        #expect(written { $0.writeString("\u{8}\u{C}\n\r\t") } == #""\b\f\n\r\t""#)
        #expect(written { $0.writeString("\u{0}\u{1}\u{1F}\u{7F}") } == "\"\\u0000\\u0001\\u001f\u{7F}\"")
        #expect(written { $0.writeString("é 😀") } == "\"é 😀\"")
    }

    @Test func everyControlCharacterRoundTrips() throws {
        let text = String(decoding: (0..<0x20).map { UInt8($0) } + Array("\"\\/ end".utf8), as: UTF8.self)
        let json = written { $0.writeString(text) }
        #expect(!json.utf8.dropFirst().dropLast().contains { $0 < 0x20 })
        #expect(try read(json) == text)
        // Foundation reads the same string back.
        let decoded = try JSONDecoder().decode(String.self, from: Data(json.utf8))
        #expect(decoded == text)
    }

    @Test(arguments: [
        0.1, 1.0 / 3, -2.5, 5e-324, 1.7976931348623157e308, 1e-5, 123456789012345680, 2.2250738585072014e-308,
        Double.ulpOfOne, 100, -0.0,
    ])
    func writesShortestRoundTripDoubles(_ value: Double) {
        let text = written { $0.writeDouble(value) }
        #expect(text == value.description)
        #expect(Double(text) == value)
        #expect(Double(text)?.sign == value.sign)
        let wire = written { $0.writeDouble(value, droppingPointZero: true) }
        #expect(Double(wire) == value)
        #expect(!wire.hasSuffix(".0"))
    }

    @Test func writesRandomDoublesThatReadBackExactly() {
        var state: UInt64 = 0x1234_5678
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Double(bitPattern: state)
            guard value.isFinite else { continue }
            let text = written { $0.writeDouble(value) }
            #expect(Double(text)?.bitPattern == value.bitPattern, "\(text)")
        }
    }

    @Test func writesIntegersAndGrows() {
        #expect(written { $0.writeInteger(.min) } == "-9223372036854775808")
        #expect(written { $0.writeInteger(.max) } == "9223372036854775807")
        #expect(written { $0.writeInteger(0) } == "0")
        let long = String(repeating: "x", count: 1000)
        #expect(
            written {
                $0.append("[")
                $0.writeString(long)
                $0.appendSpaces(3)
                $0.append(contentsOf: "]")
            } == "[\"\(long)\"   ]")
    }
}
