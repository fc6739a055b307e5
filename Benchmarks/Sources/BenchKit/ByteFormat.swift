/// Formatting and parsing of the few value spellings the datasets use, straight to and
/// from bytes: integers, fixed-point decimals, ISO 8601 timestamps, base-36 ids.
public enum ByteFormat {
    /// Appends the decimal spelling of `value`.
    @inline(__always)
    public static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendUnsigned(value.magnitude, to: &out)
    }

    @inline(__always)
    static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(ascii: "0") + UInt8(value)); return }
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 {
                raw[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(raw[index]) }
        }
    }

    /// Appends `scaled / 10^scale` as a decimal with trailing fractional zeros trimmed
    /// ("45.12", "-0.5", "7"): the way people's data files spell such numbers.
    public static func appendDecimal(_ scaled: Int64, scale: Int, to out: inout [UInt8]) {
        if scaled < 0 { out.append(UInt8(ascii: "-")) }
        var divisor: UInt64 = 1
        for _ in 0..<scale { divisor *= 10 }
        let magnitude = scaled.magnitude
        appendUnsigned(magnitude / divisor, to: &out)
        var fraction = magnitude % divisor
        if fraction == 0 { return }
        out.append(UInt8(ascii: "."))
        var place = divisor / 10
        while fraction > 0 {
            out.append(UInt8(ascii: "0") + UInt8(fraction / place))
            fraction %= place
            place /= 10
        }
    }

    /// Parses an integer spelling; nil when `bytes` is not one.
    public static func parseInt(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex && bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        if index == bytes.endIndex { return nil }
        var value: Int64 = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 48))
            if overflow1 || overflow2 { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    /// Parses a decimal spelling into `value * 10^scale`; nil when it is not one or has
    /// more fractional digits than `scale`.
    public static func parseDecimal(_ bytes: ArraySlice<UInt8>, scale: Int) -> Int64? {
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else {
            guard let whole = parseInt(bytes) else { return nil }
            var result = whole
            for _ in 0..<scale { result *= 10 }
            return result
        }
        let negative = bytes.first == UInt8(ascii: "-")
        let wholeText = bytes[bytes.startIndex..<dot]
        var fractionText = Array(bytes[(dot + 1)...])
        if fractionText.count > scale || fractionText.isEmpty { return nil }
        while fractionText.count < scale { fractionText.append(UInt8(ascii: "0")) }
        let whole: Int64
        if wholeText.isEmpty || (wholeText.count == 1 && negative) {
            whole = 0
        } else if let parsed = parseInt(wholeText) {
            whole = Int64(parsed.magnitude)
        } else {
            return nil
        }
        guard let fraction = parseInt(fractionText[...]), fraction >= 0 else { return nil }
        var result = whole
        for _ in 0..<scale { result *= 10 }
        result += fraction
        return negative ? -result : result
    }

    /// Appends `seconds` since 1970 as "YYYY-MM-DDTHH:MM:SSZ".
    public static func appendTimestamp(_ seconds: Int64, to out: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = civil(fromDays: days)
        appendPadded(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendPadded(secondOfDay / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, width: 2, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// Parses "YYYY-MM-DDTHH:MM:SSZ" (the only spelling the generator writes).
    public static func parseTimestamp(_ bytes: ArraySlice<UInt8>) -> Int64? {
        let text = Array(bytes)
        guard text.count == 20, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
              text[10] == UInt8(ascii: "T"), text[13] == UInt8(ascii: ":"),
              text[16] == UInt8(ascii: ":"), text[19] == UInt8(ascii: "Z"),
              let year = parseInt(text[0..<4]), let month = parseInt(text[5..<7]),
              let day = parseInt(text[8..<10]), let hour = parseInt(text[11..<13]),
              let minute = parseInt(text[14..<16]), let second = parseInt(text[17..<19])
        else { return nil }
        return days(fromCivil: year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    }

    /// Appends `value` in upper-case base 36.
    public static func appendBase36(_ value: Int, to out: inout [UInt8]) {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        if value == 0 { out.append(alphabet[0]); return }
        var digits: [UInt8] = []
        var rest = value
        while rest > 0 { digits.append(alphabet[rest % 36]); rest /= 36 }
        out.append(contentsOf: digits.reversed())
    }

    /// Parses upper-case base 36; nil on any other byte.
    public static func parseBase36(_ bytes: ArraySlice<UInt8>) -> Int? {
        if bytes.isEmpty { return nil }
        var value = 0
        for byte in bytes {
            let digit: Int
            switch byte {
            case 48...57: digit = Int(byte) - 48
            case 65...90: digit = Int(byte) - 55
            default: return nil
            }
            value = value * 36 + digit
        }
        return value
    }

    @inline(__always)
    static func appendPadded(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    // Howard Hinnant's civil-from-days and days-from-civil.
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func days(fromCivil y0: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
