import Foundation

/// The dates `log --since` and `--until` take: `2026-11-29` (the whole day, in UTC),
/// `2026-11-29T18:32:37Z` or with an offset (`+01:00`), `@1700000000`, or `3 days ago`
/// (seconds, minutes, hours, days, weeks).
enum HistoryDate {
    /// Seconds since 1970; a bare day is its first second, or its last with `endOfDay`.
    static func parse(_ text: String, endOfDay: Bool, now: Date = Date()) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("@") { return Int64(trimmed.dropFirst()) }
        if let ago = relative(trimmed) { return Int64(now.timeIntervalSince1970) - ago }
        let dayOnly = ISO8601DateFormatter()
        dayOnly.formatOptions = [.withFullDate]
        dayOnly.timeZone = TimeZone(identifier: "UTC")
        if trimmed.count == 10, let day = dayOnly.date(from: trimmed) {
            return Int64(day.timeIntervalSince1970) + (endOfDay ? 86_399 : 0)
        }
        return ISO8601DateFormatter().date(from: trimmed).map { Int64($0.timeIntervalSince1970) }
    }

    /// `3 days ago` in seconds.
    private static func relative(_ text: String) -> Int64? {
        let words = text.lowercased().split(separator: " ")
        guard words.count == 3, words[2] == "ago", let count = Int64(words[0]), count >= 0 else { return nil }
        let unit = words[1].hasSuffix("s") ? words[1].dropLast() : words[1]
        let seconds: [Substring: Int64] = ["second": 1, "minute": 60, "hour": 3_600, "day": 86_400, "week": 604_800]
        return seconds[unit].map { $0 * count }
    }
}
