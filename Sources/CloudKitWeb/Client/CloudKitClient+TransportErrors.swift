import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a failure to get any answer means, read from the error's type and value, never from its
/// description: a description is for people and may change with any release of the transport.
extension CloudKitClient {
    /// Whether a failure to get any answer is worth another attempt: connections refused, reset or
    /// closed early, and timeouts are; a bad URL, a shut-down client or a cancelled request are not.
    ///
    /// - Parameter scheme: the request URL's scheme: `HTTPClientError.unsupportedScheme` carries it,
    ///   so that error is compared as the one this scheme makes.
    static func isTransient(_ error: any Error, scheme: String?) -> Bool {
        if let error = error as? HTTPClientError {
            var permanent: [HTTPClientError] = [
                .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath, .alreadyShutdown, .cancelled,
                .redirectLimitReached, .redirectCycleDetected, .traceRequestWithBody,
                .identityCodingIncorrectlyPresent, .bodyLengthMismatch,
                .invalidRedirectConfiguration, .invalidHTTPVersionConfiguration, .invalidProxyConfiguration,
            ]
            if let scheme { permanent.append(.unsupportedScheme(scheme)) }
            return !permanent.contains(error)
        }
        return !(error is EncodingError || error is DecodingError)
    }

    /// Why the server could not be reached at all, when that is the cause: `connection refused`,
    /// or `host name not found (DNS)`. Such failures fail fast (`RetryPolicy.unreachableAttempts`).
    ///
    /// NIO reports a connection to a host name as a `NIOConnectionError` (its DNS lookups' errors,
    /// then one error per address tried); a connection to an IP address as the `IOError` of the
    /// `connect` itself. A reset, a close or a timeout is not "unreachable": the server was there.
    static func unreachableCause(_ error: any Error) -> String? {
        switch error {
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty {
                let lookups = [error.dnsAError, error.dnsAAAAError].compactMap { $0 }
                return lookups.contains { $0 is SocketAddressError.UnknownHost } ? hostNotFound : nil
            }
            // Refused at one address, and no other could even be tried (an IPv6 address without
            // IPv6, say): nobody listens there. A timeout at any address may be a slow server.
            let codes = error.connectionErrors.map { ($0.error as? IOError)?.errnoCode }
            let unreachable = codes.allSatisfy { code in code.map(noRoute.union([ECONNREFUSED]).contains) ?? false }
            return unreachable && codes.contains(ECONNREFUSED) ? connectionRefused : nil
        case let error as IOError:
            return error.errnoCode == ECONNREFUSED ? connectionRefused : nil
        case is SocketAddressError.UnknownHost:
            return hostNotFound
        default:
            return nil
        }
    }

    /// The `connect` errors that say an address cannot be reached from here at all.
    private static let noRoute: Set<CInt> = [ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT]

    static let connectionRefused = "connection refused"
    static let hostNotFound = "host name not found (DNS)"
}
