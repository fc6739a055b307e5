import Foundation
import GitStore

/// Who cksync's commits are by, found as git finds it: `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`
/// (`GIT_COMMITTER_*` for the committer), else git's configuration (`author.*`/`committer.*`, then
/// `user.name`/`user.email`: the repository's, global, XDG and system files), else the login name
/// and `login@host`, which ``isGuessed`` flags so that a command can suggest configuring git.
/// `GIT_AUTHOR_DATE`/`GIT_COMMITTER_DATE` fix the commit times, so that scripted runs and tests
/// make commits with fixed ids, as with git itself.
public struct CommitIdentity: Sendable, Hashable {
    /// An author or committer.
    public struct Person: Sendable, Hashable {
        /// The name, as `user.name` gives it.
        public var name: String
        /// The email address, without angle brackets.
        public var email: String
        /// Fixed by the environment (seconds since 1970 and minutes east of UTC); nil is "now".
        var date: Date?

        struct Date: Sendable, Hashable {
            var seconds: Int64
            var offsetMinutes: Int
        }
    }

    /// Who the commits are by.
    public var author: Person
    /// Who makes the commits (git tells the two apart; cksync usually finds the same person).
    public var committer: Person
    /// Neither the environment nor git's configuration named the author or the committer.
    public var isGuessed: Bool

    /// The identity for commits in `repository`.
    /// - Throws: ``SnapshotError/badEnvironment(variable:message:)`` for a `GIT_*_DATE` git would
    ///   not read; ``GitError`` when git's configuration cannot be read.
    public static func resolve(
        repository: GitRepository, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> CommitIdentity {
        var guessed = false
        func person(_ role: String) throws -> Person {
            let prefix = "GIT_" + role.uppercased()
            let name =
                try environment[prefix + "_NAME"] ?? repository.configurationString(role + ".name")
                ?? repository.configurationString("user.name")
            let email =
                try environment[prefix + "_EMAIL"] ?? repository.configurationString(role + ".email")
                ?? repository.configurationString("user.email") ?? environment["EMAIL"]
            if name == nil || email == nil { guessed = true }
            let login = loginName(environment: environment)
            let date = try environment[prefix + "_DATE"].map { text in
                guard let date = parseDate(text) else {
                    throw SnapshotError.badEnvironment(
                        variable: prefix + "_DATE",
                        message: "\"\(text)\" is not a date git reads; use @SECONDS +HHMM or 2026-01-01T00:00:00Z")
                }
                return date
            }
            return Person(name: name ?? login, email: email ?? "\(login)@\(hostName())", date: date)
        }
        let author = try person("author")
        let committer = try person("committer")
        return CommitIdentity(author: author, committer: committer, isGuessed: guessed)
    }

    /// The author's signature for a commit made now.
    public func authorSignature() -> Signature { Self.signature(author) }

    /// The committer's signature for a commit made now.
    public func committerSignature() -> Signature { Self.signature(committer) }

    private static func signature(_ person: Person) -> Signature {
        let date =
            person.date
            ?? Person.Date(
                seconds: Int64(Foundation.Date().timeIntervalSince1970),
                offsetMinutes: TimeZone.current.secondsFromGMT() / 60)
        return Signature(name: person.name, email: person.email, time: date.seconds, offsetMinutes: date.offsetMinutes)
    }

    /// git's raw date format, `@1700000000 +0100` or `1700000000 +0100` (the offset is optional),
    /// or ISO 8601 with a zone (`2026-01-01T00:00:00Z`, `…+02:00`).
    static func parseDate(_ text: String) -> Person.Date? {
        let parts = text.split(separator: " ")
        guard parts.count <= 2, let first = parts.first,
            let seconds = Int64(first.hasPrefix("@") ? first.dropFirst() : first)
        else { return isoDate(text) }
        guard parts.count > 1 else { return Person.Date(seconds: seconds, offsetMinutes: 0) }
        let zone = parts[1]
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
            let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2))
        else { return nil }
        return Person.Date(seconds: seconds, offsetMinutes: (sign == "-" ? -1 : 1) * (hours * 60 + minutes))
    }

    private static func isoDate(_ text: String) -> Person.Date? {
        guard let date = ISO8601DateFormatter().date(from: text) else { return nil }
        // The offset the text was written in: what is left after the last digit of the seconds.
        let zone = text.dropFirst(19)
        var offset = 0
        if let sign = zone.first, sign == "+" || sign == "-" {
            let digits = zone.dropFirst().filter(\.isNumber)
            guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else {
                return nil
            }
            offset = (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
        }
        return Person.Date(seconds: Int64(date.timeIntervalSince1970), offsetMinutes: offset)
    }

    /// The login name, as git guesses it: `USER`, else the password database.
    private static func loginName(environment: [String: String]) -> String {
        if let user = environment["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid\(getuid())"
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}

extension Workspace {
    /// Who the workspace's commits are by now; see ``CommitIdentity``.
    public func commitIdentity() throws -> CommitIdentity {
        try CommitIdentity.resolve(repository: repository)
    }
}
