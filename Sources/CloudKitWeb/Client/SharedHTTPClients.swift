import AsyncHTTPClient
import Synchronization

/// The process's `HTTPClient`s, one per connect timeout, made on first use and never shut down
/// (like `HTTPClient.shared`), so that a `CloudKitClient` is a plain value with nothing to close.
/// All clients share NIO's singleton event loop group and keep their connections pooled.
enum SharedHTTPClients {
    private static let clients = Mutex<[Duration: HTTPClient]>([:])

    static func client(connectTimeout: Duration) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[connectTimeout] { return client }
            var pool = HTTPClient.Configuration.ConnectionPool(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
            // A failed connection fails its request at once, and RetryPolicy decides what comes next:
            // otherwise the pool retries a refused connection silently until the connect timeout,
            // and a server that is down costs 10 s an attempt instead of failing fast.
            pool.retryConnectionEstablishment = false
            let configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .nanoseconds(RetryPolicy.nanoseconds(connectTimeout))),
                connectionPool: pool)
            let client = HTTPClient(configuration: configuration)
            clients[connectTimeout] = client
            return client
        }
    }
}
