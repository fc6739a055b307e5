/// The record names and record type names cksync accepts: the ones CloudKit accepts.
///
/// The reader applies them to every record it maps, the configuration to every type and field
/// name, and the emulator (`cksync serve` and the local remote) to every name and type it is
/// sent, so nothing can be written that cksync itself would refuse to read.
package enum RecordNameRules {
    package static let maximumLength = 255

    /// Why `name` is not a valid record name, phrased to follow it; `nil` when it is valid.
    ///
    /// Non-empty, at most 255 bytes, ASCII only, no control characters (NUL included), and not
    /// starting with `_` (CloudKit reserves those for system records, as `CKRecord.ID` documents).
    package static func problem(with name: String) -> String? {
        let utf8 = name.utf8
        if utf8.isEmpty { return "is empty" }
        if utf8.count > maximumLength { return "is \(utf8.count) bytes long; CloudKit allows at most \(maximumLength)" }
        if utf8.first == UInt8(ascii: "_") { return "starts with \"_\", which CloudKit reserves for system records" }
        for byte in utf8 {
            if byte >= 0x80 { return "has a non-ASCII character; CloudKit record names are ASCII" }
            if byte < 0x20 || byte == 0x7F { return "has a control character" }
        }
        return nil
    }

    /// Whether `name` is a valid record type or field name: an ASCII letter, then ASCII letters,
    /// digits and underscores; at most 255 bytes.
    package static func isValidTypeName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first), name.utf8.count <= maximumLength else { return false }
        return name.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") }
    }

    /// Why `name` is not a valid record type name, phrased to follow it; `nil` when it is valid.
    package static func typeProblem(with name: String) -> String? {
        isValidTypeName(name)
            ? nil : "is not a valid record type name (a letter, then letters, digits or \"_\"; at most 255)"
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
}
