extension JSONReader {
    /// Where a number's text lies, and whether it is written as a plain integer (no fraction, no
    /// exponent).
    struct NumberToken {
        var start: Int
        var end: Int
        var isPlainInteger: Bool
    }

    /// Moves past a number (the cursor on its first byte), checking RFC 8259's grammar.
    mutating func scanNumber() throws -> NumberToken {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard isDigit(at: position) else { throw failure("'-' must be followed by a digit") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if isDigit(at: position) { throw failure("a number has a leading zero", at: start) }
        } else {
            skipDigits()
        }
        var isPlainInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isPlainInteger = false
            position += 1
            guard isDigit(at: position) else { throw failure("a number's '.' must be followed by a digit") }
            skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isPlainInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard isDigit(at: position) else { throw failure("a number's exponent has no digits") }
            skipDigits()
        }
        return NumberToken(start: start, end: position, isPlainInteger: isPlainInteger)
    }

    @inline(__always)
    private func isDigit(at offset: Int) -> Bool {
        offset < bytes.count && bytes[offset] &- UInt8(ascii: "0") < 10
    }

    @inline(__always)
    private mutating func skipDigits() {
        while isDigit(at: position) { position += 1 }
    }

    /// The number as `JSONDecoder` decodes an `Int64`, or `nil` where it throws. A plain integer
    /// is exact; any other spelling is read as a Double that must be a whole `Int64`, and from
    /// 2^53 up, where a Double skips integers, as Foundation's Decimal read of the text with the
    /// fraction cut off (`1.5e1` is 15, `0.5` nothing, `9007199254740993.0` 9007199254740993).
    func int64(_ token: NumberToken) -> Int64? {
        if token.isPlainInteger, let value = plainInteger(token) { return value }
        guard let double = strtod(token), let value = Int64(exactly: double) else { return nil }
        if double.magnitude < 0x1p53 { return value }
        return decimalWithoutFraction(token)
    }

    /// The number as `JSONDecoder` decodes a `Double`, or `nil` where it throws: beyond the
    /// Double range, or read as 0 where Foundation thinks it is not written as zero.
    func double(_ token: NumberToken) -> Double? {
        guard let value = strtod(token), value.isFinite else { return nil }
        guard value != 0 || isZeroForFoundation(token) else { return nil }
        return value
    }

    /// The text of a number, for messages.
    func text(_ token: NumberToken) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }

    private func plainInteger(_ token: NumberToken) -> Int64? {
        var index = token.start
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        guard token.end - index < 19 else { return slowPlainInteger(from: index, to: token.end, isNegative) }
        var magnitude: Int64 = 0
        while index < token.end {
            magnitude = magnitude &* 10 &+ Int64(bytes[index] &- UInt8(ascii: "0"))
            index += 1
        }
        return isNegative ? -magnitude : magnitude
    }

    /// 19 digits and more: checked for overflow.
    private func slowPlainInteger(from start: Int, to end: Int, _ isNegative: Bool) -> Int64? {
        var magnitude: UInt64 = 0
        for byte in bytes[start..<end] {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte &- UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        if isNegative { return magnitude <= 1 << 63 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return Int64(exactly: magnitude)
    }

    /// The correctly rounded Double of a number's text (what `strtod` gives, as Foundation uses it).
    /// Up to 15 significant digits and a power of ten up to 22 are exact in a Double, so one
    /// multiplication or division rounds correctly (Clinger's fast path); longer ones go to the
    /// standard library's parser.
    func strtod(_ token: NumberToken) -> Double? {
        var index = token.start
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        while index < token.end, bytes[index] &- UInt8(ascii: "0") < 10 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0"))
            if mantissa != 0 { digits += 1 }
            index += 1
        }
        if index < token.end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < token.end, bytes[index] &- UInt8(ascii: "0") < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0"))
                if mantissa != 0 { digits += 1 }
                exponent -= 1
                index += 1
            }
        }
        if index < token.end {
            // An exponent: rare on the wire, left to the full parser.
            return Double(text(token))
        }
        guard digits <= 15, exponent >= -22 else { return Double(text(token)) }
        let magnitude = exponent == 0 ? Double(mantissa) : Double(mantissa) / Self.powersOfTen[-exponent]
        return isNegative ? -magnitude : magnitude
    }

    private static let powersOfTen: [Double] = (0...22).map { power in
        (0..<power).reduce(1.0) { value, _ in value * 10 }
    }

    /// Foundation's `isTrueZero`, bug for bug: it looks for a digit 1-9 before an `e`, four bytes
    /// at a time, then the last one to three bytes from the last to the first, so that `0e5` and
    /// `0.00e5` count as not zero and `JSONDecoder` refuses them as Doubles. Copied so that values
    /// agree with it.
    private func isZeroForFoundation(_ token: NumberToken) -> Bool {
        func verdict(_ byte: UInt8) -> Bool? {
            switch byte {
            case UInt8(ascii: "1")...UInt8(ascii: "9"): false
            case UInt8(ascii: "e"), UInt8(ascii: "E"): true
            default: nil
            }
        }
        var index = token.start
        while token.end - index >= 4 {
            for offset in 0..<4 {
                if let result = verdict(bytes[index + offset]) { return result }
            }
            index += 4
        }
        for offset in (index..<token.end).reversed() {
            if let result = verdict(bytes[offset]) { return result }
        }
        return true
    }

    /// What Foundation's Decimal read of the text gives as an integer: the significant digits
    /// (trailing zeros dropped) must fit a UInt64, the fraction is cut off, and the result must
    /// fit an Int64 (`-2^63` does not, as Foundation negates a positive value).
    private func decimalWithoutFraction(_ token: NumberToken) -> Int64? {
        var index = token.start
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        var digits: [UInt8] = []
        var exponent = 0
        var inFraction = false
        while index < token.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte | 0x20 == UInt8(ascii: "e") {
                break
            } else {
                digits.append(byte &- UInt8(ascii: "0"))
                if inFraction { exponent -= 1 }
            }
            index += 1
        }
        if index < token.end {
            index += 1
            var sign = 1
            if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            var written = 0
            for byte in bytes[index..<token.end] {
                written = min(written * 10 + Int(byte &- UInt8(ascii: "0")), 100_000)
            }
            exponent += sign * written
        }
        while digits.last == 0 {
            digits.removeLast()
            exponent += 1
        }
        var magnitude: UInt64 = 0
        for digit in digits.drop(while: { $0 == 0 }) {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        if exponent < 0 {
            for _ in 0..<min(-exponent, 21) { magnitude /= 10 }
        } else {
            for _ in 0..<min(exponent, 21) {
                let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                magnitude = times10
            }
        }
        guard let value = Int64(exactly: magnitude) else { return nil }
        return isNegative ? -value : value
    }
}
