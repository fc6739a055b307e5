import CloudKitWeb
import Foundation
import Hummingbird
import Logging
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request as the test server received it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    var query: String?
    /// Lowercased names.
    var headers: [String: String]
    var body: Data
    var received: ContinuousClock.Instant
}

/// What the test server answers, in order; after the script, `{}`-ish 200s.
struct ScriptedResponse: Sendable {
    var status: Int
    var body: String
    var headers: [String: String] = [:]

    static func ok(_ body: String) -> ScriptedResponse { ScriptedResponse(status: 200, body: body) }

    static func error(_ status: Int, _ code: String, reason: String = "scripted", retryAfter: Double? = nil)
        -> ScriptedResponse
    {
        let retry = retryAfter.map { ", \"retryAfter\": \($0)" } ?? ""
        return ScriptedResponse(
            status: status,
            body: "{\"uuid\": \"u-\(status)\", \"serverErrorCode\": \"\(code)\", \"reason\": \"\(reason)\"\(retry)}")
    }
}

/// A Hummingbird server on 127.0.0.1, port 0, that records every request and answers from a script.
final class ScriptedServer: Sendable {
    private let state = Mutex<(requests: [RecordedRequest], script: [ScriptedResponse])>(([], []))
    let fallback: ScriptedResponse

    init(fallback: ScriptedResponse = .ok("{\"records\": []}")) { self.fallback = fallback }

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    func script(_ responses: [ScriptedResponse]) { state.withLock { $0.script += responses } }

    fileprivate func answer(_ request: RecordedRequest) -> ScriptedResponse {
        state.withLock { state in
            state.requests.append(request)
            return state.script.isEmpty ? fallback : state.script.removeFirst()
        }
    }

    /// Runs the server while `body` runs, passing its base URL.
    func run<T: Sendable>(_ body: (URL) async throws -> T) async throws -> T {
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            let buffer = try await request.body.collect(upTo: 64 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let scripted = answer(
                RecordedRequest(
                    method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
                    headers: headers, body: Data(buffer.readableBytesView), received: .now))
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            // No connection outlives the test: the shared client pool must never hand one to a
            // later test whose server got this port.
            fields[.connection] = "close"
            for (name, value) in scripted.headers { fields[.init(name)!] = value }
            return Response(
                status: .init(code: scripted.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: scripted.body)))
        }
        router.get("**", use: handler)
        router.post("**", use: handler)
        let port = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                port.continuation.yield(channel.localAddress?.port ?? 0)
                port.continuation.finish()
            },
            logger: Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() }))
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = port.stream.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw CancellationError() }
        return try await body(URL(string: "http://127.0.0.1:\(bound)")!)
    }
}

/// A bare TCP listener on 127.0.0.1 that reads each request, then closes the first `drops`
/// connections without a word (or, with `reset`, resets them: a close with linger 0 sends RST) and
/// answers the rest with `answer` (HTTP/1.1, connection: close).
final class DroppingServer: Sendable {
    let port: Int
    private let descriptor: Int32
    private let accepted = Mutex(0)
    private let drops: Int
    private let reset: Bool
    private let answer: String

    init(drops: Int, reset: Bool = false, answer: String) throws {
        self.drops = drops
        self.reset = reset
        self.answer = answer
        (descriptor, port) = try loopbackSocket(listening: true)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var connections: Int { accepted.withLock { $0 } }

    /// Stops accepting: the accept loop ends when the socket is shut down, and closes it. Only the
    /// loop closes it, so that its descriptor number cannot go to another test's socket while
    /// the loop may still accept on it.
    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    private func serve() {
        while true {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else {
                close(descriptor)
                return
            }
            let number = accepted.withLock { count -> Int in
                count += 1
                return count
            }
            readRequest(connection)
            if number > drops {
                let bytes = Array(answer.utf8)
                let head =
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: \(bytes.count)\r\n"
                    + "connection: close\r\n\r\n"
                let all = Array(head.utf8) + bytes
                _ = all.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
            } else if reset {
                var abort = linger(l_onoff: 1, l_linger: 0)
                setsockopt(connection, SOL_SOCKET, SO_LINGER, &abort, socklen_t(MemoryLayout<linger>.size))
            }
            close(connection)
        }
    }

    /// Reads until the end of the headers plus content-length bytes of body.
    private func readRequest(_ connection: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            data += buffer[0..<count]
            let text = String(decoding: data, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<end.lowerBound].lowercased()
            let length =
                head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if data.count - text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound) >= length { return }
        }
    }
}

/// A client of `url` with quick retries whose waits and signing dates are `clock`'s (by default a
/// `TestClock` of its own: no test waits for real).
func testClient(
    _ url: URL, credentials: CloudKitCredentials, database: CloudKitClient.Database = .public,
    retry: RetryPolicy = RetryPolicy(
        maxAttempts: 4, maxTotalTime: .seconds(300), baseDelay: .milliseconds(10), maxDelay: .milliseconds(50)),
    connectTimeout: Duration = .seconds(10), clock: TestClock = TestClock()
) throws -> CloudKitClient {
    var configuration = CloudKitClient.Configuration(
        endpoint: url, container: "iCloud.com.example.Test", environment: .development, database: database,
        credentials: credentials, retry: retry, connectTimeout: connectTimeout)
    configuration.clock = clock
    configuration.now = clock.dates
    // Beside the other tests on two cores, a test server may not run for a minute: a request that
    // waits that long is slow, not lost.
    configuration.requestTimeout = .seconds(300)
    return try CloudKitClient(configuration: configuration)
}
