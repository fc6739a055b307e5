import AsyncHTTPClient
import CloudKitWeb
import Crypto
import Emulator
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// A running `cksync serve` application on a loopback port chosen by the system, its store in a
/// fresh UUID directory, one registered server-to-server key, and an HTTP client to talk to it.
struct TestServer {
    static let keyID = "test-key-1"
    static let container = "iCloud.com.example.Tests"

    let port: Int
    let store: EmulatorStore
    let key: P256.Signing.PrivateKey
    let http: HTTPClient

    /// Starts the server, runs `body`, stops the server and removes its directory.
    static func run<T>(
        allowUnsigned: Bool = false, apiTokens: Set<String> = [], faults: FaultConfiguration = FaultConfiguration(),
        clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() },
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ServerTests-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EmulatorStore(path: directory.appendingPathComponent("serve.sqlite").path)
        let key = P256.Signing.PrivateKey()
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, keys: [keyID: key.publicKey], apiTokens: apiTokens,
            allowUnsigned: allowUnsigned, faults: faults)
        configuration.clock = clock
        configuration.now = now
        var logger = Logger(label: "ServerTests")
        logger.logLevel = .warning
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(configuration: configuration, store: store, logger: logger) { port in
            portContinuation.yield(port)
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let server = TestServer(port: port, store: store, key: key, http: http)
            // Close the client's connections first, so that the graceful shutdown finds none open.
            let result: Result<T, any Error>
            do {
                result = .success(try await body(server))
            } catch {
                result = .failure(error)
            }
            try? await http.shutdown()
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    /// `/database/1/{container}/development/{database}/{operation}`.
    static func path(_ operation: String, database: String = "public", environment: String = "development") -> String {
        "/database/1/\(container)/\(environment)/\(database)/\(operation)"
    }

    /// The three signature headers for `body` and `path`, signed now (or at `date`) with `key`.
    func signatureHeaders(
        body: Data, path: String, date: Date = Date(), keyID: String = TestServer.keyID,
        key: P256.Signing.PrivateKey? = nil
    ) throws -> [(String, String)] {
        let dateText = RequestSignature.dateString(date)
        let message = RequestSignature.message(date: dateText, body: body, subpath: path)
        return [
            (RequestSignature.keyIDHeader, keyID), (RequestSignature.dateHeader, dateText),
            (RequestSignature.signatureHeader, try RequestSignature.sign(message, with: key ?? self.key)),
        ]
    }

    /// Sends one request as it is: no signing of its own.
    func send(
        _ method: HTTPMethod = .POST, path: String, query: String = "", body: Data = Data(),
        headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)\(query)")
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        // Five minutes: beside the other tests on two cores, the server may not run for a minute.
        let response = try await http.execute(request, timeout: .seconds(300))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: Data(bytes.readableBytesView))
    }

    /// Sends `json` to `operation` in the public database, signed with the server's key.
    func signed(_ operation: String, _ json: String, method: HTTPMethod = .POST, database: String = "public")
        async throws -> Reply
    {
        let path = Self.path(operation, database: database)
        let body = Data(json.utf8)
        return try await send(method, path: path, body: body, headers: try signatureHeaders(body: body, path: path))
    }

    /// Sends a `Codable` request value, signed.
    func signed(_ operation: String, _ value: some Encodable) async throws -> Reply {
        try await signed(operation, String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
    }
}

/// A response: its status and body.
struct Reply {
    var status: Int
    var body: Data

    /// The body as a JSON object.
    var json: [String: Any] {
        get throws {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw CloudKitError.badRequest("not a JSON object: \(String(decoding: body, as: UTF8.self))")
            }
            return object
        }
    }

    /// The body decoded as `type`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: body)
    }

    /// Whether the body is exactly CloudKit's request-level error dictionary with `code`: a uuid,
    /// the code, a reason, and nothing but `retryAfter` besides.
    func isCloudKitError(_ code: ServerErrorCode) -> Bool {
        guard let object = try? json else { return false }
        let keys = Set(object.keys).subtracting(["retryAfter"])
        return keys == ["uuid", "serverErrorCode", "reason"] && object["serverErrorCode"] as? String == code.rawValue
            && !((object["uuid"] as? String) ?? "").isEmpty && status == code.httpStatus
    }
}
