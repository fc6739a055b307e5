/// How a `CloudKitClient` authenticates (protocol §2): a signed server-to-server key, or an API
/// token with an optional web auth token. The two are never mixed in one request.
///
/// No credential appears in `description`: printing shows the kind and the key ID only.
package enum CloudKitCredentials: Sendable, CustomStringConvertible {
    /// Signs every request with the three `X-Apple-CloudKit-Request-*` headers. Public database only.
    case serverToServer(ServerToServerKey)
    /// `?ckAPIToken=…` and, when given, `&ckWebAuthToken=…` (rotated from responses, see
    /// `CloudKitClient.currentWebAuthToken`).
    case apiToken(String, webAuthToken: String? = nil)

    package var description: String {
        switch self {
        case .serverToServer(let key): "server-to-server key \(key.keyID)"
        case .apiToken(_, let webAuthToken): webAuthToken == nil ? "API token" : "API token and web auth token"
        }
    }

    /// The secrets, so that no error text or log line can carry them.
    var secrets: [String] {
        switch self {
        case .serverToServer: []
        case .apiToken(let token, let webAuthToken): [token] + (webAuthToken.map { [$0] } ?? [])
        }
    }
}
