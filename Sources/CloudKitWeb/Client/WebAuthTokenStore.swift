import Synchronization

/// The web auth token of an API-token client: each response may bring the next one.
final class WebAuthTokenStore: Sendable {
    private let token: Mutex<String>

    init(_ token: String) { self.token = Mutex(token) }

    var current: String { token.withLock { $0 } }

    func rotate(to next: String) { token.withLock { $0 = next } }
}
