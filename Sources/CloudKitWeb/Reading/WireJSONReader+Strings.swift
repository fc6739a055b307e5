import JSONCore

extension WireJSONReader {
    mutating func readString() throws -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw mismatch(expected: "a string") }
        return try string(scanString(validating: false))
    }

    /// A string, or `nil` for `null`.
    mutating func readOptionalString() throws -> String? {
        try readNull() ? nil : readString()
    }

    /// Moves past a string (the cursor on its opening quote), checking its escapes and that it has
    /// no raw control characters; with `validating`, also that it decodes (UTF-8, surrogate pairs),
    /// for strings that are skipped rather than decoded.
    mutating func scanString(validating: Bool) throws -> JSONStringToken {
        let token: JSONStringToken
        do {
            token = try lexer.scanString()
        } catch {
            throw failure(error)
        }
        if validating && (token.isEscaped || !token.isASCII) { _ = try string(token) }
        return token
    }

    /// The string a token stands for.
    func string(_ token: JSONStringToken) throws -> String {
        do {
            return try lexer.string(token, validatingUTF8: true)
        } catch let error where error.kind == .invalidUTF8 {
            throw failure("a string is not valid UTF-8", at: token.start)
        } catch {
            throw failure(error)
        }
    }

    /// The lexer's error in the wire codec's words.
    func failure(_ syntax: JSONSyntaxError, numberStart: Int? = nil) -> DecodingError {
        let message =
            switch syntax.kind {
            case .controlCharacterInString(let byte):
                "a string holds the control character 0x\(String(byte, radix: 16)) unescaped"
            case .unterminatedString: "a string is not terminated"
            case .unterminatedEscape: "a string ends inside an escape sequence"
            case .badUnicodeEscape: "\\u must be followed by four hexadecimal digits"
            case .invalidEscape: "invalid escape sequence in a string"
            case .unpairedHighSurrogate: "a \\u escape holds a high surrogate without its low surrogate"
            case .unpairedLowSurrogate: "a \\u escape holds a low surrogate without a high surrogate"
            case .invalidUTF8: "a string is not valid UTF-8"
            case .numberExpectsDigit: "'-' must be followed by a digit"
            case .numberLeadingZero: "a number has a leading zero"
            case .numberFractionExpectsDigit: "a number's '.' must be followed by a digit"
            case .numberExponentExpectsDigit: "a number's exponent has no digits"
            case .tooDeep: "more than \(JSONLexer.maximumDepth) nested arrays and objects"
            case .badLiteral: "expected a value, found \(describeNext())"
            }
        let offset = syntax.kind == .numberLeadingZero ? numberStart ?? syntax.offset : syntax.offset
        return failure(message, at: offset)
    }
}
