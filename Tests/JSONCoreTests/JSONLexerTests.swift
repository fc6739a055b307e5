import Testing

@testable import JSONCore

@Suite("JSON lexer")
struct JSONLexerTests {
    /// Runs `body` on a lexer over `text`'s UTF-8 bytes.
    func lex<Result>(_ bytes: [UInt8], _ body: (inout JSONLexer) throws(JSONSyntaxError) -> Result)
        throws(JSONSyntaxError) -> Result
    {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> Result in
            var lexer = JSONLexer(buffer)
            return try body(&lexer)
        }
    }

    func string(_ json: String) throws(JSONSyntaxError) -> String {
        try lex(Array(json.utf8)) { (lexer) throws(JSONSyntaxError) in
            let token = try lexer.scanString()
            #expect(lexer.atEnd)
            return try lexer.string(token, validatingUTF8: true)
        }
    }

    func syntaxError(_ bytes: [UInt8], _ body: (inout JSONLexer) throws(JSONSyntaxError) -> Void) -> JSONSyntaxError? {
        do {
            try lex(bytes, body)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""""#, ""),
        (#""a\"b\\c\/d""#, "a\"b\\c/d"),
        (#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t"),
        (#""\u0041\u00e9\u4E2D""#, "Aé中"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD834\uDD1E x""#, "𝄞 x"),
        ("\"caf\u{E9} \u{1F600}\"", "café 😀"),
    ])
    func unescapesStrings(_ json: String, _ expected: String) throws {
        #expect(try string(json) == expected)
    }

    @Test func tokensSayWhetherTheyAreEscapedOrASCII() throws {
        let tokens = try lex(Array(#""ab" "a\nb" "é""#.utf8)) { (lexer) throws(JSONSyntaxError) in
            var tokens: [JSONStringToken] = []
            while !lexer.atEnd {
                tokens.append(try lexer.scanString())
                lexer.skipWhitespace()
            }
            return tokens
        }
        #expect(tokens.map(\.isEscaped) == [false, true, false])
        #expect(tokens.map(\.isASCII) == [true, true, false])
        #expect(tokens.map(\.start) == [1, 6, 13])
    }

    @Test func withoutTrackingASCIIATokenIsNotCalledASCII() throws {
        let token = try lex(Array(#""ab""#.utf8)) { (lexer) throws(JSONSyntaxError) in
            try lexer.scanString(trackingASCII: false)
        }
        #expect(token == JSONStringToken(start: 1, end: 3, isEscaped: false, isASCII: false))
    }

    @Test(arguments: [
        (#""abc"#, JSONSyntaxError(.unterminatedString, at: 0)),
        (#""ab\"#, JSONSyntaxError(.unterminatedEscape, at: 3)),
        ("\"a\u{1}b\"", JSONSyntaxError(.controlCharacterInString(0x01), at: 2)),
        ("\"a\nb\"", JSONSyntaxError(.controlCharacterInString(0x0A), at: 2)),
        (#""a\xb""#, JSONSyntaxError(.invalidEscape, at: 2)),
        (#""a\u12g4""#, JSONSyntaxError(.badUnicodeEscape, at: 2)),
        (#""a\u12""#, JSONSyntaxError(.badUnicodeEscape, at: 2)),
        (#""x\ud800""#, JSONSyntaxError(.unpairedHighSurrogate, at: 2)),
        (#""x\ud800\u0041""#, JSONSyntaxError(.unpairedHighSurrogate, at: 2)),
        (#""x\ud800\ud800""#, JSONSyntaxError(.unpairedHighSurrogate, at: 2)),
        (#""xy\udc00""#, JSONSyntaxError(.unpairedLowSurrogate, at: 3)),
    ])
    func refusesBadStringsWithTheirOffset(_ json: String, _ expected: JSONSyntaxError) {
        #expect(throws: expected) { try string(json) }
    }

    @Test(
        arguments: [
            [0x22, 0x61, 0xFF, 0x22],  // not a lead byte
            [0x22, 0x61, 0xC3, 0x22],  // cut-off sequence
            [0x22, 0x61, 0xC0, 0xAF, 0x22],  // overlong
            [0x22, 0x61, 0xED, 0xA0, 0x80, 0x22],  // a UTF-16 surrogate in UTF-8
            [0x22, 0x61, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        ] as [[UInt8]])
    func refusesInvalidUTF8AtTheBadByte(_ bytes: [UInt8]) {
        let error = syntaxError(bytes) { (lexer) throws(JSONSyntaxError) in
            _ = try lexer.string(try lexer.scanString(), validatingUTF8: true)
        }
        #expect(error == JSONSyntaxError(.invalidUTF8, at: 2))
    }

    @Test func validatesLongRunsEightBytesAtATime() {
        var bytes = Array(repeating: UInt8(ascii: "a"), count: 37) + Array("é".utf8) + Array(repeating: 0x62, count: 20)
        bytes.withUnsafeBufferPointer {
            #expect(UTF8Validation.firstInvalid($0.baseAddress!, from: 0, to: $0.count) == nil)
        }
        bytes[50] = 0x80
        bytes.withUnsafeBufferPointer {
            #expect(UTF8Validation.firstInvalid($0.baseAddress!, from: 0, to: $0.count) == 50)
        }
    }

    /// Against a byte-by-byte validation, on ASCII runs mixed with valid and invalid sequences at
    /// every alignment: the wide steps find the same first invalid byte, or none.
    @Test func wideStepsFindTheFirstInvalidByteLikeByteSteps() {
        var state: UInt64 = 0x7E57
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let pieces: [[UInt8]] = [
            Array("é".utf8), Array("€".utf8), Array("𝄞".utf8), [0x80], [0xC3], [0xE2, 0x82], [0xC0, 0xAF],
            [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xFF],
        ]
        func byteSteps(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int? {
            var i = 0
            while i < count {
                if base[i] < 0x80 {
                    i += 1
                    continue
                }
                let length = UTF8Validation.sequenceLength(base, at: i, end: count)
                if length == 0 { return i }
                i += length
            }
            return nil
        }
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<next(6) {
                bytes += Array(repeating: UInt8(ascii: "a") + UInt8(next(26)), count: next(70))
                // Mostly valid sequences, so that an invalid one is often not the first non-ASCII byte.
                bytes += pieces[next(4) == 0 ? next(pieces.count) : next(3)]
            }
            bytes += Array(repeating: UInt8(ascii: "z"), count: next(40))
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress!
                #expect(UTF8Validation.firstInvalid(base, from: 0, to: buffer.count) == byteSteps(base, buffer.count))
            }
        }
    }

    @Test(arguments: [
        ("0", true), ("-0", true), ("123", true), ("-9223372036854775808", true), ("1.5", false), ("1e5", false),
        ("-2.5E-3", false), ("0.0", false),
    ])
    func slicesNumbers(_ text: String, _ isPlainInteger: Bool) throws {
        let token = try lex(Array((text + ",").utf8)) { (lexer) throws(JSONSyntaxError) in try lexer.scanNumber() }
        #expect(token == JSONNumberToken(start: 0, end: text.utf8.count, isPlainInteger: isPlainInteger))
    }

    @Test(arguments: [
        ("-", JSONSyntaxError(.numberExpectsDigit, at: 1)),
        ("-a", JSONSyntaxError(.numberExpectsDigit, at: 1)),
        ("01", JSONSyntaxError(.numberLeadingZero, at: 1)),
        ("-00", JSONSyntaxError(.numberLeadingZero, at: 2)),
        ("1.", JSONSyntaxError(.numberFractionExpectsDigit, at: 2)),
        ("1.e5", JSONSyntaxError(.numberFractionExpectsDigit, at: 2)),
        ("1e", JSONSyntaxError(.numberExponentExpectsDigit, at: 2)),
        ("1e+", JSONSyntaxError(.numberExponentExpectsDigit, at: 3)),
    ])
    func refusesBadNumbersWithTheirOffset(_ text: String, _ expected: JSONSyntaxError) {
        #expect(
            syntaxError(Array(text.utf8)) { (lexer) throws(JSONSyntaxError) in _ = try lexer.scanNumber() } == expected)
    }

    @Test(
        arguments: [
            ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min), ("-42", -42),
            ("9223372036854775808", nil), ("-9223372036854775809", nil), ("1.0", nil), ("12345678901234567890", nil),
        ] as [(String, Int64?)])
    func readsPlainIntegersExactly(_ text: String, _ expected: Int64?) throws {
        let value = try lex(Array(text.utf8)) { (lexer) throws(JSONSyntaxError) in
            lexer.plainInt64(try lexer.scanNumber())
        }
        #expect(value == expected)
    }

    @Test func limitsTheNestingDepth() {
        let error = syntaxError(Array(repeating: UInt8(ascii: "["), count: 600)) { (lexer) throws(JSONSyntaxError) in
            while true {
                try lexer.enterContainer()
                lexer.position += 1
            }
        }
        #expect(error == JSONSyntaxError(.tooDeep, at: JSONLexer.maximumDepth))
        let fine = syntaxError(Array(repeating: UInt8(ascii: "["), count: 512)) { (lexer) throws(JSONSyntaxError) in
            for _ in 0..<512 {
                try lexer.enterContainer()
                lexer.position += 1
            }
            for _ in 0..<512 { lexer.leaveContainer() }
            #expect(lexer.depth == 0)
        }
        #expect(fine == nil)
    }

    @Test func countsLinesInWhitespace() {
        let bytes = Array("  \n\t\r\n   x".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = JSONLexer(buffer)
            lexer.skipWhitespace()
            #expect(lexer.position == 9)
            #expect(lexer.line == 3)
            #expect(lexer.lineStart == 6)
            #expect(lexer.current == UInt8(ascii: "x"))
        }
    }

    @Test func readsLiterals() {
        #expect(syntaxError(Array("true".utf8)) { (lexer) throws(JSONSyntaxError) in try lexer.literal("true") } == nil)
        #expect(
            syntaxError(Array("nul".utf8)) { (lexer) throws(JSONSyntaxError) in try lexer.literal("null") }
                == JSONSyntaxError(.badLiteral, at: 0))
        #expect(
            syntaxError(Array("fals3".utf8)) { (lexer) throws(JSONSyntaxError) in try lexer.literal("false") }
                == JSONSyntaxError(.badLiteral, at: 0))
    }

    @Test func skipsAByteOrderMarkAndReadsAnEmptyBuffer() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0x20]
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = JSONLexer(buffer)
            lexer.skipByteOrderMark()
            #expect(lexer.position == 3)
        }
        let empty = JSONLexer(UnsafeBufferPointer(start: nil, count: 0))
        #expect(empty.atEnd)
    }
}
