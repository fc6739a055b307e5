import JSONCore

extension WireJSONReader {
    /// Moves past a number (the cursor on its first byte), checking RFC 8259's grammar.
    mutating func scanNumber() throws -> JSONNumberToken {
        let start = position
        do {
            return try lexer.scanNumber()
        } catch {
            throw failure(error, numberStart: start)
        }
    }

    /// The number as `JSONDecoder` decodes an `Int64`, or `nil` where it throws. A plain integer
    /// is exact; any other spelling is read as a Double that must be a whole `Int64`, and from
    /// 2^53 up, where a Double skips integers, as Foundation's Decimal read of the text with the
    /// fraction cut off (`1.5e1` is 15, `0.5` nothing, `9007199254740993.0` 9007199254740993).
    func int64(_ token: JSONNumberToken) -> Int64? {
        if let value = lexer.plainInt64(token) { return value }
        guard let double = strtod(token), let value = Int64(exactly: double) else { return nil }
        if double.magnitude < 0x1p53 { return value }
        return decimalWithoutFraction(token)
    }

    /// The number as `JSONDecoder` decodes a `Double`, or `nil` where it throws: beyond the
    /// Double range, or read as 0 where Foundation thinks it is not written as zero.
    func double(_ token: JSONNumberToken) -> Double? {
        guard let value = strtod(token), value.isFinite else { return nil }
        guard value != 0 || isZeroForFoundation(token) else { return nil }
        return value
    }

    /// The text of a number, for messages.
    func text(_ token: JSONNumberToken) -> String { lexer.text(token.start, token.end) }

    /// The correctly rounded Double of a number's text (what `strtod` gives, as Foundation uses it).
    /// Up to 15 significant digits and a power of ten up to 22 are exact in a Double, so one
    /// multiplication or division rounds correctly (Clinger's fast path); longer ones go to the
    /// standard library's parser.
    func strtod(_ token: JSONNumberToken) -> Double? {
        var index = token.start
        let isNegative = lexer.base[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        while index < token.end, lexer.base[index] &- UInt8(ascii: "0") < 10 {
            mantissa = mantissa &* 10 &+ UInt64(lexer.base[index] &- UInt8(ascii: "0"))
            if mantissa != 0 { digits += 1 }
            index += 1
        }
        if index < token.end, lexer.base[index] == UInt8(ascii: ".") {
            index += 1
            while index < token.end, lexer.base[index] &- UInt8(ascii: "0") < 10 {
                mantissa = mantissa &* 10 &+ UInt64(lexer.base[index] &- UInt8(ascii: "0"))
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
    private func isZeroForFoundation(_ token: JSONNumberToken) -> Bool {
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
                if let result = verdict(lexer.base[index + offset]) { return result }
            }
            index += 4
        }
        for offset in (index..<token.end).reversed() {
            if let result = verdict(lexer.base[offset]) { return result }
        }
        return true
    }

    /// What Foundation's Decimal read of the text gives as an integer: the significant digits
    /// (trailing zeros dropped) must fit a UInt64, the fraction is cut off, and the result must
    /// fit an Int64 (`-2^63` does not, as Foundation negates a positive value).
    private func decimalWithoutFraction(_ token: JSONNumberToken) -> Int64? {
        var index = token.start
        let isNegative = lexer.base[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        var digits: [UInt8] = []
        var exponent = 0
        var inFraction = false
        while index < token.end {
            let byte = lexer.base[index]
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
            if lexer.base[index] == UInt8(ascii: "-") || lexer.base[index] == UInt8(ascii: "+") {
                sign = lexer.base[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            var written = 0
            for byte in UnsafeBufferPointer(start: lexer.base + index, count: token.end - index) {
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
