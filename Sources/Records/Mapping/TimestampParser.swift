/// A fast ISO 8601 parser for TIMESTAMP values (no DateFormatter on the hot path).
///
/// Accepted: `YYYY-MM-DD` (midnight UTC); `YYYY-MM-DDTHH:MM`, with `:SS` and a fraction (`.` or `,`,
/// any number of digits: those after milliseconds are truncated) optional; `T`, `t` or a space
/// between date and time; then `Z`/`z`, `±HH:MM`, `±HHMM` or `±HH`, or nothing, which means UTC.
/// Years 0000–9999; fields are range-checked (no leap second `60`, no hour `24`).
enum TimestampParser {
    /// Milliseconds since 1970-01-01T00:00:00Z, or `nil` when `text` is not such a timestamp.
    static func milliseconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            var start = 0
            var end = bytes.count
            while start < end && bytes[start] == 0x20 { start += 1 }
            while end > start && bytes[end - 1] == 0x20 { end -= 1 }
            var cursor = Cursor(bytes: bytes, position: start, end: end)
            return cursor.parse()
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int
        let end: Int

        mutating func digits(_ count: Int) -> Int? {
            guard end - position >= count else { return nil }
            var value = 0
            for _ in 0..<count {
                let digit = bytes[position] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
                position += 1
            }
            return value
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < end, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func parse() -> Int64? {
            guard let year = digits(4), take(0x2D), let month = digits(2), take(0x2D), let day = digits(2),
                (1...12).contains(month), (1...CivilDate.days(inMonth: month, year: year)).contains(day)
            else { return nil }
            let days = CivilDate.daysSince1970(year: year, month: month, day: day)
            var milliseconds = Int64(days) * 86_400_000
            if position == end { return milliseconds }
            guard take(0x54) || take(0x74) || take(0x20) else { return nil }
            guard let hour = digits(2), take(0x3A), let minute = digits(2), hour < 24, minute < 60 else { return nil }
            var second = 0
            var fraction = 0
            if take(0x3A) {
                guard let value = digits(2), value < 60 else { return nil }
                second = value
                if take(0x2E) || take(0x2C) {
                    var count = 0
                    while position < end, bytes[position] &- 0x30 < 10 {
                        if count < 3 { fraction = fraction * 10 + Int(bytes[position] - 0x30) }
                        count += 1
                        position += 1
                    }
                    guard count > 0 else { return nil }
                    for _ in count..<max(count, 3) { fraction *= 10 }
                }
            }
            milliseconds += Int64(((hour * 60 + minute) * 60 + second) * 1000 + fraction)
            if position == end || take(0x5A) || take(0x7A) { return position == end ? milliseconds : nil }
            let sign: Int64
            if take(0x2B) {
                sign = 1
            } else if take(0x2D) {
                sign = -1
            } else {
                return nil
            }
            guard let offsetHours = digits(2), offsetHours < 24 else { return nil }
            var offsetMinutes = 0
            if position < end {
                _ = take(0x3A)
                guard let value = digits(2), value < 60 else { return nil }
                offsetMinutes = value
            }
            guard position == end else { return nil }
            return milliseconds - sign * Int64(offsetHours * 60 + offsetMinutes) * 60_000
        }
    }
}
