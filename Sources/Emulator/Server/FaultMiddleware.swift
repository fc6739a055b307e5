import Hummingbird
import NIOCore

/// Adds latency, and injects the fault `FaultInjector` draws for each authenticated request:
/// THROTTLED or TRY_AGAIN_LATER before applying, or a closed connection before or after applying.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    let injector: FaultInjector
    /// What the latency waits on (`ServerConfiguration.clock`).
    let clock: any Clock<Duration>

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let latency = injector.configuration.latencyMilliseconds
        if latency > 0 { try await clock.sleep(for: .milliseconds(latency)) }
        switch injector.next() {
        case nil:
            return try await next(request, context)
        case .throttle(let retryAfter):
            throw CloudKitHTTPError(.throttled, "request throttled (injected fault)", retryAfter: retryAfter)
        case .unavailable(let retryAfter):
            throw CloudKitHTTPError(.tryAgainLater, "service unavailable (injected fault)", retryAfter: retryAfter)
        case .dropBeforeApplying:
            try await Self.close(context.channel)
            throw ConnectionDropped(afterApplying: false)
        case .dropAfterApplying:
            _ = try? await next(request, context)
            try await Self.close(context.channel)
            throw ConnectionDropped(afterApplying: true)
        }
    }

    /// Closes the connection and waits until it is closed, so that whatever Hummingbird then
    /// tries to write fails: the client sees the connection close without a response.
    private static func close(_ channel: any Channel) async throws {
        do {
            try await channel.close(mode: .all)
        } catch ChannelError.alreadyClosed {
            // The client left first: the same outcome.
        }
    }
}
