import Foundation

extension CloudKitClient {
    /// What the user can do about a request-level failure whose cause is known. Names settings
    /// and variables, never their values.
    func hint(for error: CloudKitError) -> String? {
        let authentication =
            [.authenticationFailed, .authenticationRequired].contains(error.serverErrorCode)
            || error.reason?.lowercased().contains("signature") == true
        if authentication {
            switch configuration.credentials {
            case .serverToServer(let key):
                if configuration.database != .public {
                    return "server-to-server keys reach only the public database; for the \(configuration.database) "
                        + "database use an API token ($\(Configuration.apiTokenVariable)) and a web auth token "
                        + "($\(Configuration.webAuthTokenVariable))"
                }
                return "check key-id (\(key.keyID)) and the private key (private-key-file or "
                    + "$\(Configuration.privateKeyVariable)): CloudKit Dashboard must list that key id with this "
                    + "key's public key, for this container and environment"
            case .apiToken(_, let webAuthToken):
                if configuration.database != .public {
                    return webAuthToken == nil
                        ? "the \(configuration.database) database needs a signed-in user: set "
                            + "$\(Configuration.webAuthTokenVariable) to a web auth token"
                        : "the web auth token in $\(Configuration.webAuthTokenVariable) may have expired: sign in "
                            + "again for a new one"
                }
                return "check the API token in $\(Configuration.apiTokenVariable) (CloudKit Dashboard, API Access)"
            }
        }
        if error.serverErrorCode == .conflict {
            return "run `cksync fetch` to see what changed on the server, then push again with --on-conflict"
        }
        return nil
    }
}

/// A wait before another attempt, for the user: `records/modify THROTTLED, retrying in 3 s
/// (attempt 2 of 6)`.
package struct RetryNotice: Sendable, CustomStringConvertible {
    /// `records/modify`.
    package var operation: String
    /// What failed: `THROTTLED`, `TRY_AGAIN_LATER`, `connection refused`, …
    package var cause: String
    package var delay: Duration
    /// The attempt about to be made, counting from 1.
    package var nextAttempt: Int
    /// The attempts allowed in all (the time limit may stop sooner).
    package var maxAttempts: Int

    package var description: String {
        let milliseconds = RetryPolicy.nanoseconds(delay) / 1_000_000
        let wait = milliseconds >= 1000 ? "\(Int((Double(milliseconds) / 1000).rounded())) s" : "\(milliseconds) ms"
        return "\(operation) \(cause), retrying in \(wait) (attempt \(nextAttempt) of \(maxAttempts))"
    }
}
