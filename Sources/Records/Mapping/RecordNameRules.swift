/// The record names cksync accepts: the ones CloudKit accepts.
///
/// Non-empty, at most 255 bytes, ASCII only, no control characters, and not starting with `_`
/// (CloudKit reserves those for system records, as `CKRecord.ID` documents).
enum RecordNameRules {
    static let maximumLength = 255

    /// Why `name` is not a valid record name, phrased to follow it; `nil` when it is valid.
    static func problem(with name: String) -> String? {
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
}
