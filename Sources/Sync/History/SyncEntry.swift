import GitStore
import Snapshots

/// One sync of a remote (or one local snapshot), read back from its commit.
package struct SyncEntry: Sendable, Hashable {
    package var commit: ObjectID
    /// The first line of the commit message: `<kind> <remote>: <what it did>`.
    package var subject: String
    /// Who ran the sync.
    package var author: Signature
    /// When cksync recorded it.
    package var committer: Signature
    package var trailers: Trailers
    package var kind: SyncKind
    /// The remote synced with; nil for a local snapshot.
    package var remote: String?

    /// Reads the entry a commit records.
    /// - Throws: ``SnapshotError/corrupt(path:reason:)`` when the subject is not one cksync writes.
    package init(_ commit: Commit) throws {
        let subject = String(commit.message.prefix { $0 != "\n" })
        let head = subject.prefix { $0 != ":" }.split(separator: " ")
        guard let word = head.first, let kind = SyncKind(rawValue: String(word)),
            head.count == (kind == .snapshot ? 1 : 2)
        else {
            throw SnapshotError.corrupt(
                path: "commit \(commit.id.hex)", reason: "not a subject cksync writes: \(subject)")
        }
        self.commit = commit.id
        self.subject = subject
        self.author = commit.author
        self.committer = commit.committer
        self.trailers = Trailers(parsing: commit.message)
        self.kind = kind
        self.remote = head.count == 2 ? String(head[1]) : nil
    }

    /// Seconds since 1970 when the sync was recorded.
    package var time: Int64 { committer.time }

    /// What the sync did, as its subject says it after `<kind> <remote>: `.
    package var outcome: String {
        guard let colon = subject.firstIndex(of: ":") else { return subject }
        return String(subject[subject.index(after: colon)...].drop { $0 == " " })
    }

    /// A count from the trailers; 0 when the commit does not carry it.
    package func count(_ key: String) -> Int { trailers[key].flatMap { Int($0) } ?? 0 }

    /// The records a fetch found; nil for other kinds.
    package var records: Int? { kind == .fetch ? count(SyncTrailers.records) : nil }

    /// The snapshot the sync made the remote hold: the local snapshot a push applied, or the
    /// snapshot a rollback returned to.
    package var target: ObjectID? {
        (trailers[SyncTrailers.localSnapshot] ?? trailers[SyncTrailers.rollbackTo]).flatMap(ObjectID.init(hex:))
    }

    /// The failures the commit names (at most ``SyncTrailers/failuresKept``; `Cksync-Failed` counts all).
    package var failures: [String] {
        trailers.items.filter { $0.key == SyncTrailers.failure }.map(\.value)
    }
}
