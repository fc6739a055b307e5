import AsyncHTTPClient
import Foundation
import Logging

/// A `CloudKitDatabase` over HTTP: CloudKit Web Services, or any server that speaks it
/// (`cksync serve`).
///
/// ```swift
/// let key = try ServerToServerKey(keyID: "3f2a…", pemFile: "eckey.pem")
/// let client = try CloudKitClient(
///     configuration: .init(
///         endpoint: URL(string: "http://127.0.0.1:8080")!, container: "iCloud.com.example.App",
///         environment: .development, database: .public, credentials: .serverToServer(key)),
///     logger: logger)
/// let page = try await client.query(QueryRequest(query: Query(recordType: "Airport")))
/// ```
///
/// A value: copies share one pooled HTTP client, and requests in flight in parallel are fine.
/// Each request body is encoded once; every attempt signs those exact bytes with a fresh date.
///
/// **Errors.** A non-2xx answer throws `CloudKitError` with the server's `serverErrorCode`,
/// `reason`, `retryAfter`, `uuid`, the HTTP status and the operation path; a body that is not a
/// CloudKit error maps the status to a code (`ServerErrorCode.forStatus`) and quotes a short
/// excerpt in `reason`; no answer at all is `NETWORK_ERROR` with status 0. No error text or log
/// line carries a key, a signature or a token.
///
/// **Retries** follow `Configuration.retry` (see `RetryPolicy`). Only request-level failures are
/// retried: a 200 `records/modify` answer whose records carry THROTTLED or TRY_AGAIN_LATER is
/// returned as it is, and the sync engine decides about each record.
///
/// **Idempotency.** A retry resends the whole request, even if an earlier attempt landed and only
/// its answer was lost. `forceReplace`/`forceUpdate` are idempotent; a `create` then answers
/// EXISTS, a tag-checked `update`/`replace`/`delete` CONFLICT and a `forceDelete` NOT_FOUND. The
/// sync engine (Sync/Apply/BatchApplier.swift) recognises those by looking the record up and
/// comparing it with what it sent; the client does not try to.
package struct CloudKitClient: CloudKitDatabase {
    package let configuration: Configuration
    let httpClient: HTTPClient
    let logger: Logger
    /// `{endpoint}{databasePath}`, to which operation paths are appended.
    let baseURL: String
    /// The path signed for server-to-server keys starts here: `/database/1/…/`.
    let signedPathPrefix: String
    let webAuthToken: WebAuthTokenStore?

    /// - Parameters:
    ///   - httpClient: an `HTTPClient` the caller owns and shuts down; by default a process-wide
    ///     one per `connectTimeout`, never shut down (nothing to close).
    ///   - logger: one debug line per attempt (operation, status, attempt, milliseconds).
    /// - Throws: `InputError` for an endpoint that is not an http(s) URL or a bad container.
    package init(
        configuration: Configuration, httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "cksync.cloudkit", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.httpClient = httpClient ?? SharedHTTPClients.client(connectTimeout: configuration.connectTimeout)
        self.logger = logger
        var endpoint = configuration.endpoint.absoluteString
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.baseURL = endpoint + configuration.databasePath
        self.signedPathPrefix = configuration.databasePath
        if case .apiToken(_, let token?) = configuration.credentials {
            self.webAuthToken = WebAuthTokenStore(token)
        } else {
            self.webAuthToken = nil
        }
    }

    /// The web auth token the next request will send: the configured one until a response brings a
    /// new one. Persist it to reuse the session; `nil` without a web auth token.
    package var currentWebAuthToken: String? { webAuthToken?.current }

    // MARK: CloudKitDatabase

    /// `records/query`. The answer is read by `QueryResponse(json:)`, not `JSONDecoder`: a fetch is
    /// mostly query pages, and reading them was most of its time.
    package func query(_ request: QueryRequest) async throws -> QueryResponse {
        try await send("records/query", body: request, decode: QueryResponse.init(json:))
    }

    package func lookup(_ request: LookupRequest) async throws -> LookupResponse {
        try await send("records/lookup", body: request, decode: LookupResponse.init(json:))
    }

    /// `records/modify`. Per-record failures, THROTTLED and TRY_AGAIN_LATER included, come back in
    /// the response; see the type's note on idempotency for what a retried request answers.
    /// The body is written by `ModifyRequest.jsonBytes()` and the answer read by
    /// `ModifyResponse(json:)`, not Foundation's coders: they were nearly half of a push's client time.
    package func modify(_ request: ModifyRequest) async throws -> ModifyResponse {
        try await send("records/modify", encode: { Data(try request.jsonBytes()) }, decode: ModifyResponse.init(json:))
    }

    package func changes(_ request: ChangesRequest) async throws -> ChangesResponse {
        try await send("records/changes", body: request, decode: Coding.decode)
    }

    /// `zones/list`: a GET with an empty body.
    package func listZones() async throws -> ZoneListResponse {
        try await send("zones/list", method: .get, bodyBytes: nil, decode: Coding.decode)
    }

    /// Encodes `body` once, then sends those bytes; `decode` reads a 2xx answer's body.
    func send<Body: Encodable, Response>(
        _ operation: String, body: Body, decode: (Data) throws -> Response
    ) async throws -> Response {
        try await send(operation, encode: { try Coding.encoder.encode(body) }, decode: decode)
    }

    /// Encodes the body once with `encode`, then sends those bytes; `decode` reads a 2xx answer's body.
    func send<Response>(
        _ operation: String, encode: () throws -> Data, decode: (Data) throws -> Response
    ) async throws -> Response {
        let bytes: Data
        do {
            bytes = try encode()
        } catch {
            throw CloudKitError(
                .badRequest, reason: "cannot encode the request: \(error)", httpStatus: 0, operation: operation)
        }
        return try await send(operation, method: .post, bodyBytes: bytes, decode: decode)
    }
}
