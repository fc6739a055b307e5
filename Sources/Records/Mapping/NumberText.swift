/// Parses numbers written as text (JSON number text or CSV cells) without Foundation.
enum NumberText {
    enum IntegerResult: Equatable {
        case value(Int64)
        case outOfRange
        case invalid
    }

    /// An integer: optional spaces, an optional sign, digits, and (when `allowFraction`) a fraction
    /// of zeros only (`83.0`). No exponent.
    static func int64(_ text: String, allowFraction: Bool = true) -> IntegerResult {
        var text = text
        return text.withUTF8 { bytes -> IntegerResult in
            var i = 0
            var end = bytes.count
            while i < end && isSpace(bytes[i]) { i += 1 }
            while end > i && isSpace(bytes[end - 1]) { end -= 1 }
            var negative = false
            if i < end && (bytes[i] == 0x2D || bytes[i] == 0x2B) {
                negative = bytes[i] == 0x2D
                i += 1
            }
            let digitsStart = i
            // Accumulated negatively so Int64.min fits.
            var value: Int64 = 0
            var overflow = false
            while i < end && bytes[i] &- 0x30 < 10 {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = times.subtractingReportingOverflow(Int64(bytes[i] - 0x30))
                overflow = overflow || o1 || o2
                value = next
                i += 1
            }
            guard i > digitsStart else { return .invalid }
            if i < end && bytes[i] == 0x2E && allowFraction {
                i += 1
                let fractionStart = i
                while i < end && bytes[i] == 0x30 { i += 1 }
                guard i > fractionStart else { return .invalid }
            }
            guard i == end else { return .invalid }
            if overflow { return .outOfRange }
            if negative { return .value(value) }
            guard value != .min else { return .outOfRange }
            return .value(-value)
        }
    }

    /// A double in JSON number syntax, also with a leading `+` and a leading or trailing `.`;
    /// surrounding spaces are trimmed. `nil` when the text is not such a number (so never NaN,
    /// `inf` or hex); an overflow gives an infinity.
    static func double(_ text: String) -> Double? {
        var text = text
        let range: Range<Int>? = text.withUTF8 { bytes in
            var i = 0
            var end = bytes.count
            while i < end && isSpace(bytes[i]) { i += 1 }
            while end > i && isSpace(bytes[end - 1]) { end -= 1 }
            let start = i
            if i < end && (bytes[i] == 0x2D || bytes[i] == 0x2B) { i += 1 }
            var digits = 0
            while i < end && bytes[i] &- 0x30 < 10 {
                i += 1
                digits += 1
            }
            if i < end && bytes[i] == 0x2E {
                i += 1
                while i < end && bytes[i] &- 0x30 < 10 {
                    i += 1
                    digits += 1
                }
            }
            guard digits > 0 else { return nil }
            if i < end && (bytes[i] | 0x20) == 0x65 {
                i += 1
                if i < end && (bytes[i] == 0x2D || bytes[i] == 0x2B) { i += 1 }
                let exponentStart = i
                while i < end && bytes[i] &- 0x30 < 10 { i += 1 }
                guard i > exponentStart else { return nil }
            }
            return i == end ? start..<end : nil
        }
        guard let range else { return nil }
        if range.lowerBound == 0 && range.upperBound == text.utf8.count { return Double(text) }
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        return Double(text[lower..<upper])
    }

    /// Whether the digits before the exponent of a number `double(_:)` accepted are not all zero.
    static func hasNonzeroDigit(_ text: String) -> Bool {
        for byte in text.utf8 {
            if (byte | 0x20) == 0x65 { return false }
            if byte >= 0x31 && byte <= 0x39 { return true }
        }
        return false
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
