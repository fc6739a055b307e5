/// What the server says about a record beyond its fields: the `server/` blob of a remote snapshot.
///
/// Kept apart from the record blob so that a record blob is the same object locally and remotely.
public struct ServerState: Hashable, Sendable {
    public var recordChangeTag: String
    /// Milliseconds since 1970, when known.
    public var created: Int64?
    public var modified: Int64?

    public init(recordChangeTag: String, created: Int64?, modified: Int64?) {
        self.recordChangeTag = recordChangeTag
        self.created = created
        self.modified = modified
    }

    /// Canonical JSON: keys sorted, one per line, final newline.
    public var blob: [UInt8] {
        var lines: [String] = []
        if let created { lines.append("  \"created\": \(created)") }
        if let modified { lines.append("  \"modified\": \(modified)") }
        lines.append("  \"recordChangeTag\": \"\(Self.escape(recordChangeTag))\"")
        return Array(("{\n" + lines.joined(separator: ",\n") + "\n}\n").utf8)
    }

    /// Parses a blob written by `blob`; `nil` for anything else.
    public init?(blob: [UInt8]) {
        var tag: String?
        var created: Int64?
        var modified: Int64?
        for line in String(decoding: blob, as: UTF8.self).split(separator: "\n") {
            let trimmed = line.trimmingPrefix(" ").drop { $0 == " " }
            guard trimmed.hasPrefix("\""), let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = trimmed[trimmed.index(after: trimmed.startIndex)..<colon].dropLast()
            var value = trimmed[trimmed.index(after: colon)...].drop { $0 == " " }
            if value.hasSuffix(",") { value = value.dropLast() }
            switch key {
            case "created": created = Int64(value)
            case "modified": modified = Int64(value)
            case "recordChangeTag":
                guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return nil }
                tag = Self.unescape(value.dropFirst().dropLast())
            default: continue
            }
        }
        guard let tag else { return nil }
        self.init(recordChangeTag: tag, created: created, modified: modified)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private static func unescape(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }
}
