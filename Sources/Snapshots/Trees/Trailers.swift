/// Commit-message trailers (`Key: value` lines at the end) that `git interpret-trailers` reads.
public struct Trailers: Hashable, Sendable {
    public var items: [(key: String, value: String)]

    public init(_ items: [(key: String, value: String)] = []) {
        self.items = items
    }

    public subscript(key: String) -> String? {
        items.last { $0.key == key }?.value
    }

    /// A commit message: subject line, blank line, trailers, final newline.
    public func message(subject: String) -> String {
        subject + "\n\n" + items.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
    }

    /// The trailers of a commit message: the `Key: value` lines of its last paragraph.
    public init(parsing message: String) {
        let paragraphs = message.split(separator: "\n\n", omittingEmptySubsequences: true)
        guard paragraphs.count > 1, let last = paragraphs.last else {
            self.init()
            return
        }
        var items: [(key: String, value: String)] = []
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), !line[..<colon].contains(" ") else {
                self.init()
                return
            }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            items.append((String(line[..<colon]), String(value)))
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
    public static let new = "Cksync-New"
    public static let updated = "Cksync-Updated"
    public static let deleted = "Cksync-Deleted"
    public static let version = "Cksync-Version"
}
