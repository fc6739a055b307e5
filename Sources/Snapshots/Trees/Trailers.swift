/// Commit-message trailers (`Key: value` lines at the end) that `git interpret-trailers` reads.
public struct Trailers: Hashable, Sendable {
    /// The trailers in order; a key may repeat.
    public var items: [(key: String, value: String)]

    /// Trailers with these keys and values, in this order.
    public init(_ items: [(key: String, value: String)] = []) {
        self.items = items
    }

    /// The last value of `key`, if the trailers have it.
    public subscript(key: String) -> String? {
        items.last { $0.key == key }?.value
    }

    /// A commit message: subject line, blank line, trailers, final newline.
    public func message(subject: String) -> String {
        subject + "\n\n" + items.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
    }

    /// The trailers of a commit message: the `Key: value` lines of its last paragraph (none when
    /// the message is one paragraph, or its last paragraph holds a line of another shape).
    public init(parsing message: String) {
        // Bytes, not Characters: `log` parses a thousand messages, and every byte of interest is ASCII.
        let bytes = Array(message.utf8)
        let newline = UInt8(ascii: "\n")
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == newline { end -= 1 }
        var start = end
        while start > bytes.startIndex + 1, !(bytes[start - 1] == newline && bytes[start - 2] == newline) { start -= 1 }
        guard start > bytes.startIndex + 1 else {
            self.init()
            return
        }
        var items: [(key: String, value: String)] = []
        for line in bytes[start..<end].split(separator: newline) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), !line[..<colon].contains(UInt8(ascii: " "))
            else {
                self.init()
                return
            }
            let value = line[(colon + 1)...].drop { $0 == UInt8(ascii: " ") }
            items.append((String(decoding: line[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        self.init(items)
    }

    public static func == (lhs: Trailers, rhs: Trailers) -> Bool {
        lhs.items.elementsEqual(rhs.items) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for item in items {
            hasher.combine(item.key)
            hasher.combine(item.value)
        }
    }
}

extension Trailers {
    /// Snapshots and syncs: records new in this commit.
    public static let new = "Cksync-New"
    /// Snapshots and syncs: records updated in this commit.
    public static let updated = "Cksync-Updated"
    /// Snapshots and syncs: records deleted in this commit.
    public static let deleted = "Cksync-Deleted"
    /// The cksync version that wrote the commit.
    public static let version = "Cksync-Version"
    /// Local snapshots: how many source records `invalid-records = "skip"` left out.
    public static let invalid = "Cksync-Invalid"
    /// One per invalid record, at most `invalidKept`: `file:line: reason`.
    public static let invalidRecord = "Cksync-Invalid-Record"
    /// The most `Cksync-Invalid-Record` trailers one commit carries.
    public static let invalidKept = 100
}
