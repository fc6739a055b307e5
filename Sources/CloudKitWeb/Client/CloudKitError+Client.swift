extension ServerErrorCode {
    /// Client-side: no answer at all (connection refused, dropped, timed out). CloudKit JS uses
    /// the same name; the server never sends it. `CloudKitError.httpStatus` is 0.
    package static let networkError = ServerErrorCode(rawValue: "NETWORK_ERROR")
    /// Client-side: an answer that is not what the protocol says (undecodable JSON, or an error
    /// status whose body is not a CloudKit error and maps to no catalogue code).
    package static let unknownError = ServerErrorCode(rawValue: "UNKNOWN_ERROR")

    /// The code for an error status whose body is not a CloudKit error (a proxy's HTML page).
    static func forStatus(_ status: Int) -> ServerErrorCode {
        switch status {
        case 400: .badRequest
        case 401: .authenticationFailed
        case 403: .accessDenied
        case 404: .notFound
        case 409: .conflict
        case 412: .validatingReferenceError
        case 413: .quotaExceeded
        case 421: .authenticationRequired
        case 429: .throttled
        case 500, 502, 504: .internalError
        case 503: .tryAgainLater
        default: .unknownError
        }
    }
}

extension CloudKitError {
    /// Whether the client retries a request that failed with this error: THROTTLED,
    /// TRY_AGAIN_LATER, HTTP 429/500/502/503/504, and NETWORK_ERROR.
    var isRetryableRequestFailure: Bool {
        serverErrorCode == .throttled || serverErrorCode == .tryAgainLater || serverErrorCode == .networkError
            || [429, 500, 502, 503, 504].contains(httpStatus)
    }
}
