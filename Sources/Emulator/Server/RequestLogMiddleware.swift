import Foundation
import Hummingbird
import Logging

/// One info line per request: method, path (never the query, which may hold tokens, nor an upload
/// URL's token), status, milliseconds, and the credential (a key id, never a signature, token or
/// body).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: "\(response.status.code)", context: context, since: start)
            return response
        } catch let error as ConnectionDropped {
            log(
                request, status: "dropped (\(error.afterApplying ? "after" : "before") applying)", context: context,
                since: start)
            throw error
        } catch let error as any HTTPResponseError {
            log(request, status: "\(error.status.code)", context: context, since: start)
            throw error
        } catch {
            log(request, status: "500", context: context, since: start)
            throw error
        }
    }

    private func log(_ request: Request, status: String, context: Context, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let credential = context.credential ?? "-"
        logger.info(
            "\(request.method) \(Self.loggedPath(request.uri.path)) \(status) \(String(format: "%.1f", milliseconds))ms key=\(credential)"
        )
    }

    /// The path as logged: an upload URL's token is its only credential, so it is left out.
    static func loggedPath(_ path: String) -> String {
        guard path.hasPrefix("/assets/"), let range = path.range(of: "/upload/", options: .backwards) else {
            return path
        }
        return path[..<range.upperBound] + "<token>"
    }
}
