extension JSONLexer {
    /// Slices the string whose opening quote is at `position` and steps past its closing quote,
    /// checking its escapes and that it holds no raw control character. Its UTF-8 and its
    /// surrogate pairs are checked when it is decoded (`string(_:validatingUTF8:)`).
    ///
    /// - Parameter trackingASCII: whether the token's `isASCII` is needed (it costs an operation a
    ///   byte); without, it is `false`. Always inlined, so a constant argument costs nothing.
    @inlinable @inline(__always)
    package mutating func scanString(trackingASCII: Bool = true) throws(JSONSyntaxError) -> JSONStringToken {
        let open = position
        position += 1
        let start = position
        var escaped = false
        var high: UInt8 = 0
        while position < end {
            let byte = base[position]
            if byte == 0x22 {
                let isASCII = trackingASCII && high < 0x80
                let token = JSONStringToken(start: start, end: position, isEscaped: escaped, isASCII: isASCII)
                position += 1
                return token
            }
            if byte == 0x5C {
                escaped = true
                try scanEscape()
                continue
            }
            if byte < 0x20 { throw JSONSyntaxError(.controlCharacterInString(byte), at: position) }
            if trackingASCII { high |= byte }
            position += 1
        }
        throw JSONSyntaxError(.unterminatedString, at: open)
    }

    /// Checks the escape whose backslash is at `position` and steps over it.
    @inlinable
    mutating func scanEscape() throws(JSONSyntaxError) {
        guard position + 1 < end else { throw JSONSyntaxError(.unterminatedEscape, at: position) }
        switch base[position + 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            position += 2
        case 0x75:
            guard end - position >= 6, hex4(at: position + 2) != nil else {
                throw JSONSyntaxError(.badUnicodeEscape, at: position)
            }
            position += 6
        default:
            throw JSONSyntaxError(.invalidEscape, at: position)
        }
    }

    /// The value of the four hexadecimal digits at `offset`, or `nil`.
    @inlinable
    package func hex4(at offset: Int) -> UInt32? {
        var value: UInt32 = 0
        for index in offset..<offset + 4 {
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The string a token stands for. With `validatingUTF8`, bytes past ASCII are checked
    /// (input not validated beforehand: a blob, a wire body); without, they are decoded as they
    /// are (a source file the survey validated).
    @inlinable
    package func string(_ token: JSONStringToken, validatingUTF8: Bool) throws(JSONSyntaxError) -> String {
        if validatingUTF8 && !token.isASCII,
            let invalid = UTF8Validation.firstInvalid(base, from: token.start, to: token.end)
        {
            throw JSONSyntaxError(.invalidUTF8, at: invalid)
        }
        if !token.isEscaped {
            return String(decoding: UnsafeBufferPointer(start: base + token.start, count: token.end - token.start), as: UTF8.self)
        }
        return try unescape(token)
    }

    /// The bytes of a string that holds escapes (checked by `scanString`), unescaped; surrogate
    /// pairs joined, unpaired ones refused.
    @usableFromInline
    func unescape(_ token: JSONStringToken) throws(JSONSyntaxError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.end - token.start)
        var index = token.start
        while index < token.end {
            let byte = base[index]
            guard byte == 0x5C else {
                bytes.append(byte)
                index += 1
                continue
            }
            let code = base[index + 1]
            index += 2
            switch code {
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x6E: bytes.append(0x0A)
            case 0x72: bytes.append(0x0D)
            case 0x74: bytes.append(0x09)
            case 0x75:
                var scalar = hex4(at: index)!
                index += 4
                switch scalar {
                case 0xD800...0xDBFF:
                    guard index + 6 <= token.end, base[index] == 0x5C, base[index + 1] == 0x75,
                        let low = hex4(at: index + 2), (0xDC00...0xDFFF).contains(low)
                    else { throw JSONSyntaxError(.unpairedHighSurrogate, at: index - 6) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                case 0xDC00...0xDFFF:
                    throw JSONSyntaxError(.unpairedLowSurrogate, at: index - 6)
                default:
                    break
                }
                UTF8.encode(Unicode.Scalar(scalar)!) { bytes.append($0) }
            default:
                bytes.append(code)  // `"`, `\` or `/`, as scanEscape checked
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Where a string's content lies (between its quotes) and what decoding it needs.
package struct JSONStringToken: Hashable, Sendable {
    package var start: Int
    package var end: Int
    /// Holds backslash escapes: decoding must unescape.
    package var isEscaped: Bool
    /// Holds only ASCII bytes: decoding needs no UTF-8 check.
    package var isASCII: Bool

    @inlinable
    package init(start: Int, end: Int, isEscaped: Bool, isASCII: Bool) {
        self.start = start
        self.end = end
        self.isEscaped = isEscaped
        self.isASCII = isASCII
    }

    @inlinable package var count: Int { end - start }
}
