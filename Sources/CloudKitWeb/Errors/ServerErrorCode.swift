/// A `serverErrorCode` of CloudKit Web Services, with the HTTP status Apple documents for it.
///
/// A string wrapper rather than an enum, so a code this list does not know survives decoding.
package struct ServerErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    package var rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }

    package var description: String { rawValue }

    /// No permission for the endpoint, record, zone or database (403).
    package static let accessDenied = ServerErrorCode(rawValue: "ACCESS_DENIED")
    /// This operation was rolled back because another one of its atomic batch failed (400).
    package static let atomicError = ServerErrorCode(rawValue: "ATOMIC_ERROR")
    /// Authentication was rejected: bad token, signature or key (401).
    package static let authenticationFailed = ServerErrorCode(rawValue: "AUTHENTICATION_FAILED")
    /// The request needs a signed-in user; `redirectURL` says where to sign in (421).
    package static let authenticationRequired = ServerErrorCode(rawValue: "AUTHENTICATION_REQUIRED")
    /// The request, or one of its records, is malformed or invalid (400).
    package static let badRequest = ServerErrorCode(rawValue: "BAD_REQUEST")
    /// The recordChangeTag sent is not the server's current one (409).
    package static let conflict = ServerErrorCode(rawValue: "CONFLICT")
    /// The record or zone to create already exists (409).
    package static let exists = ServerErrorCode(rawValue: "EXISTS")
    /// The server failed (500).
    package static let internalError = ServerErrorCode(rawValue: "INTERNAL_ERROR")
    /// The record or resource does not exist (404).
    package static let notFound = ServerErrorCode(rawValue: "NOT_FOUND")
    /// The app's or the user's quota is exhausted (413).
    package static let quotaExceeded = ServerErrorCode(rawValue: "QUOTA_EXCEEDED")
    /// Too many requests; retry after `retryAfter` seconds (429).
    package static let throttled = ServerErrorCode(rawValue: "THROTTLED")
    /// A transient server failure; retry (503).
    package static let tryAgainLater = ServerErrorCode(rawValue: "TRY_AGAIN_LATER")
    /// A validating reference's target is missing (412).
    package static let validatingReferenceError = ServerErrorCode(rawValue: "VALIDATING_REFERENCE_ERROR")
    /// The zone named in the request does not exist (404).
    package static let zoneNotFound = ServerErrorCode(rawValue: "ZONE_NOT_FOUND")

    /// Every code of Apple's catalogue.
    package static let catalogue: [ServerErrorCode] = [
        .accessDenied, .atomicError, .authenticationFailed, .authenticationRequired, .badRequest, .conflict,
        .exists, .internalError, .notFound, .quotaExceeded, .throttled, .tryAgainLater,
        .validatingReferenceError, .zoneNotFound,
    ]

    /// The HTTP status of a request that fails with this code; 500 for a code outside the catalogue.
    package var httpStatus: Int {
        switch self {
        case .accessDenied: 403
        case .atomicError, .badRequest: 400
        case .authenticationFailed: 401
        case .authenticationRequired: 421
        case .conflict, .exists: 409
        case .notFound, .zoneNotFound: 404
        case .quotaExceeded: 413
        case .throttled: 429
        case .tryAgainLater: 503
        case .validatingReferenceError: 412
        default: 500
        }
    }

    /// Whether Apple's catalogue calls an operation failing with this code retryable (THROTTLED,
    /// TRY_AGAIN_LATER, INTERNAL_ERROR with backoff). CONFLICT and ATOMIC_ERROR need a fix first.
    package var isTransient: Bool {
        self == .throttled || self == .tryAgainLater || self == .internalError
    }
}
