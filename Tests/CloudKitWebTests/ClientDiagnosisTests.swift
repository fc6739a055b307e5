import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import Synchronization
import TestSupport
import Testing

@testable import CloudKitWeb

/// Issue 10 (11): an unreachable server fails fast, waits are announced, the give-up message
/// balances its parentheses, and known causes come with a hint.
/// The notices a client announced, in order.
final class Notices: Sendable {
    private let list = Mutex<[String]>([])
    func append(_ notice: String) { list.withLock { $0.append(notice) } }
    var all: [String] { list.withLock { $0 } }
}

@Suite("CloudKitClient retry notices, fast failures and hints")
struct ClientDiagnosisTests {
    let key = ServerToServerKey(keyID: "key-1", privateKey: P256.Signing.PrivateKey())

    /// A client with the default retry policy whose notices are collected.
    func makeClient(
        _ url: URL, credentials: CloudKitCredentials, database: CloudKitClient.Database = .public,
        retry: RetryPolicy = .default, notices: Notices? = nil, clock: any Clock<Duration> = TestClock()
    ) throws -> CloudKitClient {
        var configuration = CloudKitClient.Configuration(
            endpoint: url, container: "iCloud.com.example.Test", environment: .development, database: database,
            credentials: credentials, retry: retry)
        configuration.clock = clock
        if let notices {
            configuration.onRetry = { notice in notices.append("\(notice)") }
        }
        return try CloudKitClient(configuration: configuration)
    }

    static func isBalanced(_ text: String) -> Bool {
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth < 0 { return false }
        }
        return depth == 0
    }

    @Test func connectionRefusedFailsAfterAFewAttemptsWithTheDefaultPolicy() async throws {
        let refusing = try RefusingPort()
        defer { refusing.release() }
        let port = refusing.port
        let notices = Notices()
        let clock = TestClock()
        let client = try makeClient(
            URL(string: "http://127.0.0.1:\(port)")!, credentials: .serverToServer(key), notices: notices,
            clock: clock)
        let error = try #require(
            await #expect(throws: CloudKitError.self) { try await client.lookup(LookupRequest(recordNames: ["a"])) })
        #expect(error.serverErrorCode == .networkError)
        #expect(error.reason == "no answer from 127.0.0.1:\(port): connection refused")
        #expect(
            error.description.hasPrefix(
                "records/lookup NETWORK_ERROR (reason: no answer from 127.0.0.1:\(port): connection refused); "
                    + "gave up after 4 attempts in "))
        #expect(Self.isBalanced(error.description), "\(error)")
        #expect(
            notices.all == [
                "records/lookup connection refused, retrying in 250 ms (attempt 2 of 4)",
                "records/lookup connection refused, retrying in 500 ms (attempt 3 of 4)",
                "records/lookup connection refused, retrying in 1 s (attempt 4 of 4)",
            ])
        #expect(clock.sleeps == [.milliseconds(250), .milliseconds(500), .seconds(1)])
    }

    /// NIO's `NIOConnectionError` with its lookups' `SocketAddressError.UnknownHost`: no such host.
    @Test func anUnresolvableHostFailsFast() async throws {
        let clock = TestClock()
        let client = try makeClient(
            URL(string: "http://cksync-test.invalid:1")!, credentials: .serverToServer(key), clock: clock)
        let error = try #require(
            await #expect(throws: CloudKitError.self) { try await client.lookup(LookupRequest(recordNames: ["a"])) })
        #expect(error.serverErrorCode == .networkError)
        #expect(error.reason == "no answer from cksync-test.invalid:1: host name not found (DNS)")
        #expect(error.description.contains("gave up after 4 attempts"), "\(error)")
        #expect(clock.sleeps == [.milliseconds(250), .milliseconds(500), .seconds(1)])
    }

    @Test func eachWaitForAThrottledRequestIsAnnounced() async throws {
        let server = ScriptedServer()
        server.script([.error(429, "THROTTLED", retryAfter: 1), .error(503, "TRY_AGAIN_LATER", retryAfter: 1)])
        let notices = Notices()
        let count = try await server.run { url in
            _ = try await makeClient(url, credentials: .serverToServer(key), notices: notices)
                .modify(ModifyRequest(operations: []))
            return server.requests.count
        }
        #expect(count == 3)
        #expect(
            notices.all == [
                "records/modify THROTTLED, retrying in 1 s (attempt 2 of 8)",
                "records/modify TRY_AGAIN_LATER, retrying in 1 s (attempt 3 of 8)",
            ])
    }

    @Test func aTransportErrorIsCutWhereItsParenthesesBalance() {
        let text =
            "error(" + String(repeating: "x", count: 150) + " (inner " + String(repeating: "y", count: 200) + "))"
        let cut = CloudKitClient.balancedPrefix(text, 300)
        #expect(cut == "error…")
        let flat = String(repeating: "z", count: 400)
        #expect(CloudKitClient.balancedPrefix(flat, 300) == String(repeating: "z", count: 300) + "…")
        let closed = "a (b) " + String(repeating: "c", count: 400)
        #expect(CloudKitClient.balancedPrefix(closed, 300).hasPrefix("a (b) ccc"))
        #expect(Self.isBalanced(CloudKitClient.balancedPrefix("x (y (z) " + String(repeating: "w", count: 400), 300)))
    }

    struct TransportFailure: Error, CustomStringConvertible {
        var description: String
    }

    @Test func transientTransportErrorsAreRecognisedByTheirType() {
        #expect(CloudKitClient.isTransient(HTTPClientError.remoteConnectionClosed, scheme: "https"))
        #expect(CloudKitClient.isTransient(HTTPClientError.connectTimeout, scheme: "http"))
        #expect(!CloudKitClient.isTransient(HTTPClientError.unsupportedScheme("ftp"), scheme: "ftp"))
        #expect(!CloudKitClient.isTransient(HTTPClientError.invalidURL, scheme: "https"))
        #expect(!CloudKitClient.isTransient(HTTPClientError.cancelled, scheme: "https"))
        let corrupt = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unsupportedScheme"))
        #expect(!CloudKitClient.isTransient(corrupt, scheme: "https"))
        // What a description says decides nothing.
        #expect(CloudKitClient.isTransient(TransportFailure(description: "unsupportedScheme"), scheme: "https"))
    }

    @Test(
        arguments: [
            (IOError(errnoCode: ECONNREFUSED, reason: "connect"), "connection refused"),
            (IOError(errnoCode: ECONNRESET, reason: "read"), nil),
            (IOError(errnoCode: ETIMEDOUT, reason: "connect"), nil),
            (HTTPClientError.remoteConnectionClosed, nil),
            (HTTPClientError.connectTimeout, nil),
            // What a description says decides nothing.
            (TransportFailure(description: "Connection refused (errno: 111)"), nil),
            (TransportFailure(description: "DNS error: unknown(host: \"nowhere.invalid\", port: 443)"), nil),
        ] as [(any Error, String?)])
    func unreachableServersAreRecognisedByType(error: any Error, cause: String?) {
        #expect(CloudKitClient.unreachableCause(error) == cause)
    }

    @Test func authenticationFailuresHintAtTheKeyOrTheWebAuthToken() async throws {
        let server = ScriptedServer(fallback: .error(401, "AUTHENTICATION_FAILED", reason: "no such key"))
        let errors = try await server.run { url in
            var errors: [CloudKitError] = []
            for (credentials, database) in [
                (CloudKitCredentials.serverToServer(key), CloudKitClient.Database.public),
                (.serverToServer(key), .private),
                (.apiToken("secret-token"), .private),
                (.apiToken("secret-token", webAuthToken: "secret-web"), .private),
            ] {
                let client = try makeClient(url, credentials: credentials, database: database)
                if let error = await #expect(
                    throws: CloudKitError.self,
                    performing: {
                        try await client.lookup(LookupRequest(recordNames: ["a"]))
                    })
                {
                    errors.append(error)
                }
            }
            return errors
        }
        try #require(errors.count == 4)
        #expect(errors[0].description.contains("; hint: check key-id (key-1) and the private key (private-key-file"))
        #expect(errors[1].hint?.contains("server-to-server keys reach only the public database") == true)
        #expect(errors[2].hint?.contains("set $CKSYNC_WEB_AUTH_TOKEN") == true)
        #expect(errors[3].hint?.contains("$CKSYNC_WEB_AUTH_TOKEN may have expired") == true)
        for error in errors {
            #expect(!error.description.contains("secret"))
        }
    }
}
