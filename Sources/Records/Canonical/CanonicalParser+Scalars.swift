/// Strings, integers, doubles and base64 of canonical JSON.
extension CanonicalParser {
    mutating func parseString() throws(CanonicalJSONError) -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
        position += 1
        let start = position
        // Fast path: no escapes, the bytes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                return try makeString(UnsafeBufferPointer(rebasing: bytes[start..<position]), at: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw error("unescaped control character in a string") }
            position += 1
        }
        var decoded = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try decoded.withUnsafeBufferPointer { (utf8) throws(CanonicalJSONError) in
                    try makeString(utf8, at: start)
                }
            case UInt8(ascii: "\\"):
                try parseEscape(into: &decoded)
            case 0..<0x20:
                position -= 1
                throw error("unescaped control character in a string")
            default:
                decoded.append(byte)
            }
        }
        throw error("unterminated string")
    }

    private func makeString(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) throws(CanonicalJSONError) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw CanonicalJSONError(offset: start, message: "string is not valid UTF-8")
        }
        return string
    }

    private mutating func parseEscape(into decoded: inout [UInt8]) throws(CanonicalJSONError) {
        guard position < bytes.count else { throw error("unterminated string") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw error("lone UTF-16 surrogate in a \\u escape") }
                position += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("lone UTF-16 surrogate in a \\u escape") }
                scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
            }
            guard let unicodeScalar = Unicode.Scalar(scalar) else {
                throw error("lone UTF-16 surrogate in a \\u escape")
            }
            decoded.append(contentsOf: UTF8.encode(unicodeScalar)!)
        default:
            position -= 1
            throw error("unknown escape \"\\\(Character(Unicode.Scalar(byte)))\"")
        }
    }

    private mutating func parseHex4() throws(CanonicalJSONError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("bad hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// A JSON integer in Int64's range.
    mutating func parseInt() throws(CanonicalJSONError) -> Int64 {
        _ = try peek()
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let digitsStart = position
        // Accumulate negatively so Int64.min fits.
        var value: Int64 = 0
        while position < bytes.count, (0x30...0x39).contains(bytes[position]) {
            let byte = bytes[position]
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(Int64(byte - 0x30))
            guard !overflow1, !overflow2 else {
                throw CanonicalJSONError(offset: start, message: "integer out of the range of INT64")
            }
            value = next
            position += 1
        }
        guard position > digitsStart else { throw error("expected an integer") }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            throw CanonicalJSONError(offset: start, message: "expected an integer, found a fraction or exponent")
        }
        if negative { return value }
        guard value != .min else {
            throw CanonicalJSONError(offset: start, message: "integer out of the range of INT64")
        }
        return -value
    }

    /// A finite JSON number; `-0` reads as `0`.
    mutating func parseDouble() throws(CanonicalJSONError) -> Double {
        _ = try peek()
        let start = position
        while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard !text.isEmpty, let value = Double(text), value.isFinite else {
            throw CanonicalJSONError(offset: start, message: text.isEmpty ? "expected a number" : "bad number \(text)")
        }
        return value == 0 ? 0 : value
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    /// A JSON string of padded standard base64.
    mutating func parseBase64() throws(CanonicalJSONError) -> [UInt8] {
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected a base64 string") }
        let start = position + 1
        guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { throw error("unterminated string") }
        guard let data = Base64.decode(UnsafeBufferPointer(rebasing: bytes[start..<end])) else {
            throw CanonicalJSONError(offset: start, message: "BYTES value is not padded standard base64")
        }
        position = end + 1
        return data
    }
}
