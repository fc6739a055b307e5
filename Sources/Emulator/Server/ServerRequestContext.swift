import Hummingbird
import NIOCore
import Synchronization

/// Per-request state of `cksync serve`: who the request authenticated as, which database it
/// addresses, and the connection (to drop it when a fault says so).
package struct ServerRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The connection the request came in on.
    let channel: any Channel
    /// The database of the path, once the database middleware parsed it.
    var database: DatabasePath?
    /// Shared with the log middleware, which sits outside the middleware that authenticates.
    let log: RequestLog

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        database = nil
        log = RequestLog()
    }

    /// The verified server-to-server key id, or `api-token` / `unsigned`; `nil` before
    /// authentication.
    package var credential: String? { log.credential }
}

/// What the request log line needs to know from inner middleware.
final class RequestLog: Sendable {
    private let state = Mutex<String?>(nil)

    /// The verified key id, `api-token` or `unsigned`: never a signature or token.
    var credential: String? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
