extension FieldValue {
    /// The value for people to read, in changesets and `git`-like output.
    ///
    /// - STRING: JSON-quoted, `"London Heathrow"` (so spaces and empty strings show).
    /// - INT64 plain (`83`); DOUBLE in its canonical spelling (`51.4706`, `3.0`, `1e-05`).
    /// - TIMESTAMP: ISO 8601 UTC with milliseconds, `2024-03-01T12:00:00.000Z`.
    /// - BYTES: the size and the start of the base64, `<3 bytes AQID>`, `<300 bytes AAEC…>`.
    /// - LOCATION: `(51.4706, -0.461941)`, and its other members when present:
    ///   `(51.4706, -0.461941; altitude 25.0, timestamp 2024-03-01T12:00:00.000Z)`.
    /// - REFERENCE: `→ EGLL`, with the action when it is not NONE: `→ EGLL (DELETE_SELF)`.
    /// - lists: `[a, b]` of the element texts.
    public var displayText: String {
        switch self {
        case .string(let string):
            var writer = CanonicalWriter()
            writer.writeString(string)
            return String(decoding: writer.finish(), as: UTF8.self)
        case .int64(let int): return String(int)
        case .double(let double): return CanonicalJSON.spelling(of: double)
        case .timestamp(let milliseconds): return Self.iso8601(milliseconds: milliseconds)
        case .bytes(let data):
            let base64 = Base64.encode(data)
            let unit = data.count == 1 ? "byte" : "bytes"
            if data.isEmpty { return "<0 bytes>" }
            return base64.count <= 24
                ? "<\(data.count) \(unit) \(base64)>" : "<\(data.count) \(unit) \(base64.prefix(20))…>"
        case .reference(let reference):
            let name = reference.recordName
            return reference.action == .none ? "→ \(name)" : "→ \(name) (\(reference.action.rawValue))"
        case .location(let location):
            return Self.displayText(of: location)
        case .list(_, let elements):
            return "[" + elements.map(\.displayText).joined(separator: ", ") + "]"
        }
    }

    private static func displayText(of location: Location) -> String {
        let coordinates =
            CanonicalJSON.spelling(of: location.latitude) + ", " + CanonicalJSON.spelling(of: location.longitude)
        let members: [(String, Double?)] = [
            ("altitude", location.altitude), ("course", location.course),
            ("horizontalAccuracy", location.horizontalAccuracy), ("speed", location.speed),
        ]
        var extra = members.compactMap { name, value in value.map { "\(name) \(CanonicalJSON.spelling(of: $0))" } }
        if let timestamp = location.timestamp { extra.append("timestamp \(iso8601(milliseconds: timestamp))") }
        if let value = location.verticalAccuracy {
            extra.append("verticalAccuracy \(CanonicalJSON.spelling(of: value))")
        }
        return extra.isEmpty ? "(\(coordinates))" : "(\(coordinates); \(extra.joined(separator: ", ")))"
    }

    /// `2024-03-01T12:00:00.000Z`; years outside 0000–9999 are written with as many digits as
    /// they need (and a `-` before the year for dates before year 0).
    static func iso8601(milliseconds: Int64) -> String {
        let (seconds, millisecond) = floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = CivilDate.date(daysSince1970: Int(days))
        func pad(_ value: some BinaryInteger, _ width: Int) -> String {
            let digits = String(value.magnitude)
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millisecond, 3))Z"
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
