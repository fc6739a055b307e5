import CloudKitWeb
import Hummingbird
import NIOCore

/// Renders every failure as CloudKit's error body: a `CloudKitError` thrown by the store, an
/// unknown route (404 NOT_FOUND), a body over the limit (400 BAD_REQUEST), anything else (500
/// INTERNAL_ERROR). A dropped connection passes through: nobody is left to answer.
struct CloudKitErrorMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ConnectionDropped {
            throw error
        } catch {
            return try Self.httpError(for: error, request: request).response(from: request, context: context)
        }
    }

    static func httpError(for error: any Error, request: Request) -> CloudKitHTTPError {
        switch error {
        case let error as CloudKitHTTPError:
            return error
        case let error as CloudKitError:
            return CloudKitHTTPError(error)
        case is NIOTooManyBytesError:
            return CloudKitHTTPError(
                .badRequest, "request body is larger than \(ServerConfiguration.maxRequestBodyBytes) bytes")
        case let error as HTTPError where error.status == .notFound:
            return CloudKitHTTPError(.notFound, "unknown operation: \(request.method) \(request.uri.path)")
        case let error as any HTTPResponseError where (400..<500).contains(error.status.code):
            return CloudKitHTTPError(.badRequest, "bad request (HTTP \(error.status.code))")
        default:
            return CloudKitHTTPError(.internalError, "internal error")
        }
    }
}
