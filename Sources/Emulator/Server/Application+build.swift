import Hummingbird
import Logging
import NIOCore

/// The `cksync serve` application over one store file, in which every container, environment and
/// database has its own records (`EmulatorStore.scoped(to:)`).
///
/// - Parameters:
///   - configuration: address, credentials and faults.
///   - store: the file every request reads and writes, each in its database's part.
///   - logger: receives one info line per request.
///   - onServerRunning: called with the bound port once the server listens (useful with port 0).
/// - Returns: the application; `runService()` runs it until SIGINT or SIGTERM.
package func buildApplication(
    configuration: ServerConfiguration, store: EmulatorStore, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    buildApplication(
        configuration: configuration, stores: ServerStores(store: store), logger: logger,
        onServerRunning: onServerRunning)
}

/// The `cksync serve` application over `stores` (one store, or one per database).
///
/// - Parameters: as `buildApplication(configuration:store:logger:onServerRunning:)`.
/// - Returns: the application; `runService()` runs it until SIGINT or SIGTERM.
package func buildApplication(
    configuration: ServerConfiguration, stores: ServerStores, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(configuration: configuration, stores: stores, logger: logger)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The routes of CloudKit Web Services that `cksync serve` answers, under
/// `/database/1/{container}/{environment}/{database}/`, with logging, CloudKit error bodies,
/// authentication and fault injection.
///
/// - Parameters:
///   - configuration: credentials and faults (the address is not used here).
///   - stores: where each database's records live.
///   - logger: receives one info line per request.
package func buildRouter(configuration: ServerConfiguration, stores: ServerStores, logger: Logger)
    -> Router<ServerRequestContext>
{
    let router = Router(context: ServerRequestContext.self)
    router.add(middleware: RequestLogMiddleware(logger: logger))
    router.add(middleware: CloudKitErrorMiddleware())
    let faults = FaultMiddleware(
        injector: FaultInjector(configuration: configuration.faults), clock: configuration.clock)
    let database = router.group("database/1/:container/:environment/:database")
        .add(middleware: AuthenticationMiddleware(authenticator: RequestAuthenticator(configuration: configuration)))
        .add(middleware: faults)
    RecordRoutes(stores: stores).addRoutes(to: database)
    ZoneRoutes(stores: stores).addRoutes(to: database)
    AssetRoutes(stores: stores).addRoutes(to: database)
    // Upload and download URLs carry their own authorization, as CloudKit's do: no credentials.
    let files = router.group("assets/:container/:environment/:database").add(middleware: faults)
    AssetRoutes(stores: stores).addFileRoutes(to: files)
    return router
}
