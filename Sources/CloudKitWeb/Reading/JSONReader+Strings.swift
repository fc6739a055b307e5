extension JSONReader {
    /// Where a string's content lies (between its quotes) and what decoding it needs.
    struct StringToken {
        var start: Int
        var end: Int
        /// Has backslash escapes: decoding must unescape.
        var isEscaped: Bool
        /// Has bytes past ASCII: decoding must check UTF-8.
        var isASCII: Bool
    }

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
    mutating func scanString(validating: Bool) throws -> StringToken {
        position += 1
        var token = StringToken(start: position, end: position, isEscaped: false, isASCII: true)
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                token.end = position
                position += 1
                if validating && (token.isEscaped || !token.isASCII) { _ = try string(token) }
                return token
            }
            if byte == UInt8(ascii: "\\") {
                token.isEscaped = true
                try scanEscape()
            } else if byte < 0x20 {
                throw failure("a string holds the control character 0x\(String(byte, radix: 16)) unescaped")
            } else {
                if byte >= 0x80 { token.isASCII = false }
                position += 1
            }
        }
        throw failure("a string is not terminated", at: token.start - 1)
    }

    /// Moves past one escape sequence (the cursor on its backslash), checking its form.
    private mutating func scanEscape() throws {
        guard position + 1 < bytes.count else { throw failure("a string ends inside an escape sequence") }
        switch bytes[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            guard position + 6 <= bytes.count, hex4(at: position + 2) != nil else {
                throw failure("\\u must be followed by four hexadecimal digits")
            }
            position += 6
        default:
            throw failure("invalid escape sequence in a string")
        }
    }

    /// The string a token stands for.
    func string(_ token: StringToken) throws -> String {
        if token.isEscaped { return try unescaped(token) }
        let content = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        if token.isASCII { return String(decoding: content, as: UTF8.self) }
        guard let text = String(validating: content, as: UTF8.self) else {
            throw failure("a string is not valid UTF-8", at: token.start)
        }
        return text
    }

    private func unescaped(_ token: StringToken) throws -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(token.end - token.start)
        var index = token.start
        while index < token.end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                index += 1
                continue
            }
            let code = bytes[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var value = UInt32(hex4(at: index)!)
                index += 4
                switch value {
                case 0xD800...0xDBFF:
                    guard index + 6 <= token.end, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u"), let low = hex4(at: index + 2),
                        (0xDC00...0xDFFF).contains(low)
                    else {
                        throw failure("a \\u escape holds a high surrogate without its low surrogate", at: index - 6)
                    }
                    value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    index += 6
                case 0xDC00...0xDFFF:
                    throw failure("a \\u escape holds a low surrogate without a high surrogate", at: index - 6)
                default:
                    break
                }
                utf8.append(contentsOf: Unicode.Scalar(value)!.utf8)
            default:
                utf8.append(code)  // `"`, `\` or `/`, as scanEscape checked
            }
        }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw failure("a string is not valid UTF-8", at: token.start)
        }
        return text
    }

    /// The value of the four hexadecimal digits at `offset`, or `nil`.
    private func hex4(at offset: Int) -> UInt16? {
        var value: UInt16 = 0
        for byte in bytes[offset..<offset + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
