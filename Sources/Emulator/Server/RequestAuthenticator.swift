import CloudKitWeb
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Decides whether a request may use a database: a server-to-server signature, an API token, or
/// (with `allowUnsigned`) nothing.
///
/// - A request carrying any `X-Apple-CloudKit-Request-*` header must carry all three, name a
///   registered key, date itself within 10 minutes of now, and sign
///   `date:base64(sha256(body)):path` (for an empty body `date::path` is accepted too) with a DER
///   ECDSA P-256 signature. Such keys reach only the `public` database: anything else is 401
///   AUTHENTICATION_FAILED, as is mixing a signature with `ckAPIToken`.
/// - `ckAPIToken` must be registered; it reads the public database. Writes and the private and
///   shared databases also need a `ckWebAuthToken` (any value: the emulator has one user, and
///   accepts a token again rather than rotating it), else 421 AUTHENTICATION_REQUIRED.
/// - No credentials: accepted with `allowUnsigned`, else 401 AUTHENTICATION_FAILED.
struct RequestAuthenticator: Sendable {
    let keys: [String: P256.Signing.PublicKey]
    let apiTokens: Set<String>
    let allowUnsigned: Bool
    /// The date a signed request's date must be near (`ServerConfiguration.now`).
    let now: @Sendable () -> Date

    static let keyIDField = HTTPField.Name(RequestSignature.keyIDHeader)!

    init(configuration: ServerConfiguration) {
        keys = configuration.keys
        apiTokens = configuration.apiTokens
        allowUnsigned = configuration.allowUnsigned
        now = configuration.now
    }

    /// The credential to log: the key id, `api-token`, or `unsigned`.
    ///
    /// - Parameters:
    ///   - path: the request path as received, without the query string.
    ///   - query: the decoded query parameters.
    ///   - isWrite: whether the operation changes the database.
    ///   - body: the body bytes as received.
    /// - Throws: `CloudKitHTTPError` 401 AUTHENTICATION_FAILED or 421 AUTHENTICATION_REQUIRED.
    func authenticate(
        path: String, query: [String: String], headers: HTTPFields, database: DatabasePath.Scope, isWrite: Bool,
        body: ByteBuffer
    ) throws -> String {
        let keyID = headers[Self.keyIDField]
        let date = headers[HTTPField.Name(RequestSignature.dateHeader)!]
        let signature = headers[HTTPField.Name(RequestSignature.signatureHeader)!]
        if keyID != nil || date != nil || signature != nil {
            guard query["ckAPIToken"] == nil else {
                throw Self.failed("a request carries either ckAPIToken or a server-to-server signature, not both")
            }
            guard let keyID, let date, let signature else {
                let missing = [
                    (RequestSignature.keyIDHeader, keyID), (RequestSignature.dateHeader, date),
                    (RequestSignature.signatureHeader, signature),
                ].filter { $0.1 == nil }.map(\.0)
                throw Self.failed("missing header \(missing.joined(separator: ", "))")
            }
            try verify(keyID: keyID, date: date, signature: signature, path: path, body: body, now: now())
            guard database == .public else {
                throw Self.failed("server-to-server keys can only access the public database")
            }
            return keyID
        }
        if let token = query["ckAPIToken"] {
            guard apiTokens.contains(token) else { throw Self.failed("unknown ckAPIToken") }
            if database != .public || isWrite {
                guard let user = query["ckWebAuthToken"], !user.isEmpty else {
                    throw CloudKitHTTPError(.authenticationRequired, "request needs authorization")
                }
            }
            return "api-token"
        }
        guard allowUnsigned else {
            throw Self.failed("no credentials: sign the request with a server-to-server key, or give ckAPIToken")
        }
        return "unsigned"
    }

    private func verify(keyID: String, date: String, signature: String, path: String, body: ByteBuffer, now: Date)
        throws
    {
        guard let key = keys[keyID] else { throw Self.failed("unknown key id '\(keyID)'") }
        guard let signed = RequestSignature.date(from: date) else {
            throw Self.failed(
                "\(RequestSignature.dateHeader) '\(date)' is not an ISO 8601 date like 2016-01-25T22:15:43Z")
        }
        guard abs(signed.timeIntervalSince(now)) <= ServerConfiguration.maxClockSkew else {
            throw Self.failed("request date \(date) is more than 10 minutes from the server's clock")
        }
        let bytes = body.readableBytesView
        var messages = [RequestSignature.message(date: date, body: bytes, subpath: path)]
        if bytes.isEmpty { messages.append("\(date)::\(path)") }
        guard messages.contains(where: { RequestSignature.verify(signature, message: $0, with: key) }) else {
            throw Self.failed("signature does not match date, body and path")
        }
    }

    private static func failed(_ detail: String) -> CloudKitHTTPError {
        CloudKitHTTPError(.authenticationFailed, "Authentication failed: \(detail)")
    }
}
