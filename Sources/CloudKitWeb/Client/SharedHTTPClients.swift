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
            let configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .nanoseconds(RetryPolicy.nanoseconds(connectTimeout))),
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16))
            let client = HTTPClient(configuration: configuration)
            clients[connectTimeout] = client
            return client
        }
    }
}
