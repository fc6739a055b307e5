import CloudKitWeb
import Foundation
import Hummingbird

/// For every `/database/1/{container}/{environment}/{database}/…` route: parses the database,
/// reads the body (at most `ServerConfiguration.maxRequestBodyBytes`), and authenticates the
/// request against exactly the bytes received.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    let authenticator: RequestAuthenticator

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        var context = context
        let database = try DatabasePath(
            container: context.parameters.get("container") ?? "",
            environment: context.parameters.get("environment") ?? "",
            database: context.parameters.get("database") ?? "")
        let body = try await request.collectBody(upTo: ServerConfiguration.maxRequestBodyBytes)
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        // Until it verifies, the log names the key id the request claims, marked unverified.
        if let claimed = request.headers[RequestAuthenticator.keyIDField] {
            context.log.credential = claimed + " (unverified)"
        }
        let credential = try authenticator.authenticate(
            path: request.uri.path, query: query, headers: request.headers, database: database.database,
            isWrite: Self.isWrite(request.uri.path), body: body)
        context.database = database
        context.log.credential = credential
        return try await next(request, context)
    }

    /// Whether the operation changes the database: the modify operations, and `assets/upload`,
    /// which hands out URLs that store files.
    static func isWrite(_ path: String) -> Bool {
        path.hasSuffix("/modify") || path.hasSuffix("/assets/upload")
    }
}
