import Foundation
import GitStore

/// The author and committer of cksync's commits, from git's environment variables when set
/// (`GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL`, `GIT_AUTHOR_DATE`, and the `GIT_COMMITTER_*` twins),
/// so that scripted runs and tests can make commits with fixed ids, as with git itself.
public enum CommitSignature {
    public static func author(environment: [String: String] = ProcessInfo.processInfo.environment) -> Signature {
        make(prefix: "GIT_AUTHOR", environment: environment)
    }

    public static func committer(environment: [String: String] = ProcessInfo.processInfo.environment) -> Signature {
        make(prefix: "GIT_COMMITTER", environment: environment)
    }

    private static func make(prefix: String, environment: [String: String]) -> Signature {
        let name = environment[prefix + "_NAME"] ?? environment["USER"] ?? "cksync"
        let email = environment[prefix + "_EMAIL"] ?? "\(name)@localhost"
        let (time, offset) =
            environment[prefix + "_DATE"].flatMap(parseDate)
            ?? (Int64(Date().timeIntervalSince1970), TimeZone.current.secondsFromGMT() / 60)
        return Signature(name: name, email: email, time: time, offsetMinutes: offset)
    }

    /// git's raw date format: `@1700000000 +0100` or `1700000000 +0100` (the offset is optional).
    static func parseDate(_ text: String) -> (Int64, Int)? {
        let parts = text.split(separator: " ")
        guard let first = parts.first, let seconds = Int64(first.hasPrefix("@") ? first.dropFirst() : first) else {
            return nil
        }
        guard parts.count > 1 else { return (seconds, 0) }
        let zone = parts[1]
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
            let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2))
        else { return nil }
        return (seconds, (sign == "-" ? -1 : 1) * (hours * 60 + minutes))
    }
}
