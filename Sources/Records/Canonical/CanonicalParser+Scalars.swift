import JSONCore

/// Strings, integers, doubles and base64 of canonical JSON: the lexer's tokens with the blob's
/// own number rules (INT64 exact, doubles finite, `-0` read as `0`).
extension CanonicalParser {
    mutating func parseString() throws(CanonicalJSONError) -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
        do {
            let token = try lexer.scanString()
            return try lexer.string(token, validatingUTF8: true)
        } catch {
            throw Self.error(error)
        }
    }

    /// The lexer's error in the blob codec's words.
    static func error(_ syntax: JSONSyntaxError) -> CanonicalJSONError {
        let message =
            switch syntax.kind {
            case .controlCharacterInString: "unescaped control character in a string"
            case .unterminatedString, .unterminatedEscape: "unterminated string"
            case .badUnicodeEscape: "bad hex digit in a \\u escape"
            case .invalidEscape: "unknown escape in a string"
            case .unpairedHighSurrogate, .unpairedLowSurrogate: "lone UTF-16 surrogate in a \\u escape"
            case .invalidUTF8: "string is not valid UTF-8"
            case .numberExpectsDigit: "expected a number"
            case .numberLeadingZero, .numberFractionExpectsDigit, .numberExponentExpectsDigit: "bad number"
            case .tooDeep: "values nested too deeply"
            case .badLiteral: "expected a value"
            }
        return CanonicalJSONError(offset: syntax.offset, message: message)
    }

    /// A JSON integer in Int64's range.
    mutating func parseInt() throws(CanonicalJSONError) -> Int64 {
        let token = try scanNumber(expected: "expected an integer")
        let start = token.start
        guard token.isPlainInteger else {
            throw CanonicalJSONError(offset: start, message: "expected an integer, found a fraction or exponent")
        }
        guard let value = lexer.plainInt64(token) else {
            throw CanonicalJSONError(offset: start, message: "integer out of the range of INT64")
        }
        return value
    }

    /// A finite JSON number; `-0` reads as `0`.
    mutating func parseDouble() throws(CanonicalJSONError) -> Double {
        let token = try scanNumber(expected: "expected a number")
        let text = lexer.text(token.start, token.end)
        guard let value = Double(text), value.isFinite else {
            throw CanonicalJSONError(offset: token.start, message: "bad number \(text)")
        }
        return value == 0 ? 0 : value
    }

    /// The number after whitespace; a lexer error is `expected` at its offset.
    private mutating func scanNumber(expected: String) throws(CanonicalJSONError) -> JSONNumberToken {
        _ = try peek()
        do {
            return try lexer.scanNumber()
        } catch {
            throw CanonicalJSONError(offset: error.offset, message: expected)
        }
    }

    /// A JSON string of padded standard base64.
    mutating func parseBase64() throws(CanonicalJSONError) -> [UInt8] {
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected a base64 string") }
        let token: JSONStringToken
        do {
            token = try lexer.scanString()
        } catch {
            throw Self.error(error)
        }
        guard !token.isEscaped,
            let data = Base64.decode(UnsafeBufferPointer(start: lexer.base + token.start, count: token.count))
        else {
            throw CanonicalJSONError(offset: token.start, message: "BYTES value is not padded standard base64")
        }
        return data
    }
}
