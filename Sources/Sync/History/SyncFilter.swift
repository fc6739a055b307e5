import Foundation

/// Which syncs `log` lists, as `git log` filters commits.
package struct SyncFilter: Sendable {
    /// Only syncs recorded at or after this time (seconds since 1970).
    package var since: Int64?
    /// Only syncs recorded at or before this time.
    package var until: Int64?
    /// Only syncs whose author's `Name <email>` contains this text, ignoring case.
    package var author: String?
    /// Only syncs of these kinds; empty means all.
    package var kinds: Set<SyncKind> = []

    package init(since: Int64? = nil, until: Int64? = nil, author: String? = nil, kinds: Set<SyncKind> = []) {
        self.since = since
        self.until = until
        self.author = author
        self.kinds = kinds
    }

    /// Whether the filter lets every sync through.
    package var isEmpty: Bool { since == nil && until == nil && author == nil && kinds.isEmpty }

    package func includes(_ entry: SyncEntry) -> Bool {
        if let since, entry.time < since { return false }
        if let until, entry.time > until { return false }
        if !kinds.isEmpty, !kinds.contains(entry.kind) { return false }
        if let author {
            let person = "\(entry.author.name) <\(entry.author.email)>"
            guard person.range(of: author, options: .caseInsensitive) != nil else { return false }
        }
        return true
    }
}
