import AsyncHTTPClient
import Foundation
import Logging

extension CloudKitClient {
    /// The response header a rotated web auth token is read from. Where Apple sends it is
    /// unverified (protocol §2a); the client also reads a top-level `ckWebAuthToken` of the JSON
    /// body. Either one replaces the token for the next request.
    package static let webAuthTokenHeader = "X-Apple-CloudKit-Web-Auth-Token"

    enum Method {
        case get, post
    }

    /// One answer: the status, what a retry needs from the headers, and the body.
    struct Answer {
        var status: Int
        var retryAfterHeader: Double?
        var webAuthToken: String?
        var body: Data
    }

    /// Sends `bodyBytes` (nil for a GET) to `operation`, retrying as `configuration.retry` says,
    /// and reads a 2xx answer's body with `decode`.
    ///
    /// - Parameter plainURL: a URL the server handed out (an asset's upload or download URL), sent
    ///   to as it is: not signed, no tokens, the body as raw bytes. `operation` then only names it
    ///   in logs and errors.
    func send<Response>(
        _ operation: String, method: Method, bodyBytes: Data?, plainURL: String? = nil,
        decode: (Data) throws -> Response
    ) async throws -> Response {
        try await send(
            operation, method: method, bodyBytes: bodyBytes, plainURL: plainURL, decode: decode,
            clock: configuration.clock)
    }

    /// `send` on the configured clock, opened so that its instants can be compared.
    private func send<Response, C: Clock<Duration>>(
        _ operation: String, method: Method, bodyBytes: Data?, plainURL: String?, decode: (Data) throws -> Response,
        clock: C
    ) async throws -> Response {
        let policy = configuration.retry
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            let attemptStart = clock.now
            var failure: CloudKitError
            var retryAfterHeader: Double?
            var unreachableCause: String?
            do {
                let elapsed = start.duration(to: clock.now)
                let timeout = max(min(configuration.requestTimeout, policy.maxTotalTime - elapsed), .seconds(1))
                let answer = try await perform(
                    operation, method: method, body: bodyBytes, plainURL: plainURL, timeout: timeout)
                log(operation, status: "\(answer.status)", attempt: attempt, took: attemptStart.duration(to: clock.now))
                if (200..<300).contains(answer.status) {
                    return try read(answer, operation: operation, rotatesToken: plainURL == nil, with: decode)
                }
                failure = requestError(answer, operation: operation)
                failure.hint = hint(for: failure)
                retryAfterHeader = answer.retryAfterHeader
            } catch let error as CloudKitError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                log(operation, status: "no answer", attempt: attempt, took: attemptStart.duration(to: clock.now))
                guard Self.isTransient(error, scheme: configuration.endpoint.scheme) else {
                    throw gaveUp(
                        networkError(error, operation: operation), attempts: attempt,
                        elapsed: start.duration(to: clock.now), always: true)
                }
                unreachableCause = Self.unreachableCause(error)
                failure = networkError(error, operation: operation)
            }
            let unreachable = unreachableCause != nil
            let allowed = policy.attempts(unreachable: unreachable)
            guard failure.isRetryableRequestFailure, attempt < allowed else {
                throw gaveUp(failure, attempts: attempt, elapsed: start.duration(to: clock.now))
            }
            let delay =
                unreachable
                ? policy.unreachableDelay(afterFailedAttempts: attempt)
                : policy.delay(afterFailedAttempts: attempt, retryAfter: failure.retryAfter ?? retryAfterHeader)
            guard start.duration(to: clock.now) + delay <= policy.maxTotalTime else {
                throw gaveUp(failure, attempts: attempt, elapsed: start.duration(to: clock.now))
            }
            logger.debug(
                "\(operation) retry in \(RetryPolicy.nanoseconds(delay) / 1_000_000) ms after \(failure.serverErrorCode)"
            )
            configuration.onRetry?(
                RetryNotice(
                    operation: operation, cause: unreachableCause ?? failure.serverErrorCode.rawValue,
                    delay: delay, nextAttempt: attempt + 1, maxAttempts: allowed))
            try await clock.sleep(for: delay)
        }
    }

    /// One attempt: a fresh date and signature (or the current tokens), the same body bytes; to a
    /// plain URL, the bytes alone.
    private func perform(
        _ operation: String, method: Method, body: Data?, plainURL: String?, timeout: Duration
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: plainURL ?? baseURL + operation)
        switch method {
        case .get: request.method = .GET
        case .post: request.method = .POST
        }
        if let body {
            request.headers.add(
                name: "Content-Type", value: plainURL == nil ? "application/json" : "application/octet-stream")
            request.body = .bytes(body)
        }
        switch plainURL == nil ? configuration.credentials : nil {
        case nil:
            break
        case .serverToServer(let key):
            let date = configuration.now().formatted(Coding.dateStyle)
            let message = RequestSignature.message(
                date: date, body: body ?? Data(), subpath: signedPathPrefix + operation)
            let signature: String
            do {
                signature = try RequestSignature.sign(message, with: key.privateKey)
            } catch {
                throw CloudKitError(
                    .unknownError, reason: "cannot sign the request", httpStatus: 0, operation: operation)
            }
            request.headers.add(name: RequestSignature.keyIDHeader, value: key.keyID)
            request.headers.add(name: RequestSignature.dateHeader, value: date)
            request.headers.add(name: RequestSignature.signatureHeader, value: signature)
        case .apiToken(let token, _):
            var query = "?ckAPIToken=" + Self.queryEncoded(token)
            if let webAuthToken { query += "&ckWebAuthToken=" + Self.queryEncoded(webAuthToken.current) }
            request.url += query
        }
        let response = try await httpClient.execute(
            request, timeout: .nanoseconds(RetryPolicy.nanoseconds(timeout)), logger: nil)
        let buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
        return Answer(
            status: Int(response.status.code),
            retryAfterHeader: response.headers.first(name: "Retry-After").flatMap {
                Double($0.trimmingCharacters(in: .whitespaces))
            },
            webAuthToken: response.headers.first(name: Self.webAuthTokenHeader),
            body: Data(buffer.readableBytesView))
    }

    private func read<Response>(
        _ answer: Answer, operation: String, rotatesToken: Bool, with decode: (Data) throws -> Response
    ) throws -> Response {
        // An upload or download URL's answer is not the API's: it brings no token.
        if rotatesToken, let webAuthToken {
            if let next = answer.webAuthToken, !next.isEmpty {
                webAuthToken.rotate(to: next)
            } else if let next = (try? Coding.decoder.decode(RotatedToken.self, from: answer.body))?.ckWebAuthToken,
                !next.isEmpty
            {
                webAuthToken.rotate(to: next)
            }
        }
        do {
            return try decode(answer.body)
        } catch {
            throw unreadable(answer.body, status: answer.status, operation: operation, error)
        }
    }

    /// UNKNOWN_ERROR for a 2xx answer whose body is not the operation's response.
    func unreadable(_ body: Data, status: Int, operation: String, _ error: any Error) -> CloudKitError {
        CloudKitError(
            .unknownError,
            reason: "the answer (HTTP \(status)) is not a \(operation) response: \(Self.summary(error)); "
                + "body: \(excerpt(body))",
            httpStatus: status, operation: operation)
    }

    /// The `CloudKitError` of a non-2xx answer: the body's, or one made from the status.
    private func requestError(_ answer: Answer, operation: String) -> CloudKitError {
        if var error = try? Coding.decoder.decode(CloudKitError.self, from: answer.body) {
            error.httpStatus = answer.status
            error.operation = operation
            error.reason = error.reason.map(redacted)
            return error
        }
        let reason =
            answer.body.isEmpty
            ? "HTTP \(answer.status), empty body"
            : "HTTP \(answer.status), not a CloudKit error body: \(excerpt(answer.body))"
        return CloudKitError(
            .forStatus(answer.status), reason: reason, retryAfter: answer.retryAfterHeader, httpStatus: answer.status,
            uuid: "", operation: operation)
    }

    /// NETWORK_ERROR (status 0) for a request that got no answer.
    private func networkError(_ error: any Error, operation: String) -> CloudKitError {
        let host = configuration.endpoint.host ?? "?"
        let port = configuration.endpoint.port.map { ":\($0)" } ?? ""
        let cause = Self.unreachableCause(error) ?? redacted(Self.summary(error))
        return CloudKitError(
            .networkError, reason: "no answer from \(host)\(port): \(cause)", httpStatus: 0, uuid: "",
            operation: operation)
    }

    /// The last failure, saying how many attempts were made when there was more than one.
    private func gaveUp(_ failure: CloudKitError, attempts: Int, elapsed: Duration, always: Bool = false)
        -> CloudKitError
    {
        guard attempts > 1 || always else { return failure }
        var error = failure
        let seconds = Double(RetryPolicy.nanoseconds(elapsed) / 1_000_000) / 1000
        error.attemptsNote =
            "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s"
        return error
    }

    /// A one-line description of an error from the transport or a decoder.
    static func summary(_ error: any Error) -> String {
        if let error = error as? DecodingError {
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
                .dataCorrupted(let context):
                let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
            @unknown default: return "\(error)"
            }
        }
        return balancedPrefix(String(describing: error), 300)
    }

    /// At most `limit` characters of `text`; when cut, cut where no parenthesis or bracket is
    /// left open, and marked with `…`, so the message around it stays balanced.
    static func balancedPrefix(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        var depth = 0
        var lastBalanced = text.startIndex
        var index = text.startIndex
        for _ in 0..<limit {
            switch text[index] {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth = max(0, depth - 1)
            default: break
            }
            index = text.index(after: index)
            if depth == 0 { lastBalanced = index }
        }
        return String(text[..<lastBalanced]) + "…"
    }

    /// The first 200 characters of a body, on one line, without secrets.
    private func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(400), as: UTF8.self)
        let oneLine = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        let short = oneLine.count > 200 ? String(oneLine.prefix(200)) + "…" : oneLine
        return "\"" + redacted(short) + "\""
    }

    /// `text` with every credential replaced by `<redacted>`.
    func redacted(_ text: String) -> String {
        var secrets = configuration.credentials.secrets
        if let current = webAuthToken?.current { secrets.append(current) }
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
            let encoded = Self.queryEncoded(secret)
            if encoded != secret { result = result.replacingOccurrences(of: encoded, with: "<redacted>") }
        }
        return result
    }

    private func log(_ operation: String, status: String, attempt: Int, took: Duration) {
        logger.debug(
            "\(configuration.database.rawValue)/\(operation) \(status) attempt \(attempt) \(RetryPolicy.nanoseconds(took) / 1_000_000) ms"
        )
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so a base64 token's `+`,
    /// `/` and `=` travel as `%2B`, `%2F` and `%3D`.
    static func queryEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private struct RotatedToken: Decodable {
        var ckWebAuthToken: String?
    }
}
