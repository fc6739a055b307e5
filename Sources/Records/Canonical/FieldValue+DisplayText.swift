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
    /// - ASSET: the size and the start of the content's blob id, `1.2 MB 3f2a9c1…`; an asset known
    ///   only by the server's checksum shows that instead, `1.3 MB checksum 9c1eAB…`.
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
        case .asset(let asset):
            switch asset.identity {
            case .content(let id): return "\(Self.sizeText(asset.size)) \(id.prefix(7))…"
            case .fileChecksum(let checksum): return "\(Self.sizeText(asset.size)) checksum \(checksum.prefix(7))…"
            }
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

    /// A size in decimal units, as CloudKit states its limits: `532 bytes`, `14.2 KB`, `1.2 MB`,
    /// `312 KB` (one decimal below 100 of a unit).
    public static func sizeText(_ bytes: Int64) -> String {
        if bytes < 1_000 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        let units: [(Double, String)] = [(1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
        let (scale, unit) = units.first { Double(bytes) >= $0.0 } ?? (1e3, "KB")
        let value = Double(bytes) / scale
        if value >= 100 { return "\(Int(value.rounded())) \(unit)" }
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        return "\(whole).\(Int(tenths) % 10) \(unit)"
    }

    /// `2024-03-01T12:00:00.000Z` (see `CivilDate.iso8601`).
    static func iso8601(milliseconds: Int64) -> String {
        CivilDate.iso8601(milliseconds: milliseconds, showsMilliseconds: true)
    }
}
