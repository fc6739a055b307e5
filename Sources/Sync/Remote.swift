import CloudKitWeb
import Emulator
import Logging
import Records
import Snapshots

/// A remote as the sync engine uses it: a `CloudKitDatabase`, the zone, and how to name it.
package struct Remote: Sendable {
    /// The name in cksync.toml.
    package let name: String
    /// What the `Cksync-Remote` trailer says: the name, then where it is.
    package let identity: String
    let database: any CloudKitDatabase
    let zone: ZoneID
    /// The largest `records/modify` body the remote takes; batches are cut to stay under it.
    /// `nil` for the in-process local store, which has no request body.
    let maxRequestBytes: Int?

    package init(
        name: String, identity: String, database: any CloudKitDatabase, zone: ZoneID, maxRequestBytes: Int? = nil
    ) {
        self.name = name
        self.identity = identity
        self.database = database
        self.zone = zone
        self.maxRequestBytes = maxRequestBytes
    }

    /// Opens the remote a configuration names.
    /// - Parameters:
    ///   - logger: where a `cloudkit` remote's client logs its requests (never secrets) and warns
    ///     about its settings (a private key file others can read).
    ///   - onRetry: told before each wait for another attempt (`THROTTLED, retrying in 3 s (attempt
    ///     2 of 6)`), for a terminal to show.
    package static func open(
        _ configuration: RemoteConfiguration, workspace: Workspace,
        logger: Logger = Logger(label: "cksync.remote", factory: { _ in SwiftLogNoOpLogHandler() }),
        onRetry: (@Sendable (RetryNotice) -> Void)? = nil
    ) throws -> Remote {
        switch configuration.kind {
        case .local(let path):
            let file = path.hasPrefix("/") ? path : workspace.directory + "/" + path
            return Remote(
                name: configuration.name, identity: "\(configuration.name) local:\(path)",
                database: try EmulatorStore(path: file), zone: ZoneID(zoneName: "_defaultZone"))
        case .cloudkit(let settings):
            var clientConfiguration = try CloudKitClient.Configuration(
                settings: settings, directory: workspace.directory)
            clientConfiguration.onRetry = onRetry
            for warning in clientConfiguration.warnings { logger.warning("\(warning)") }
            let client = try CloudKitClient(configuration: clientConfiguration, logger: logger)
            let identity =
                "\(configuration.name) \(settings.container)/\(settings.environment)/\(settings.database)/"
                + settings.zone
            return Remote(
                name: configuration.name, identity: identity, database: client, zone: ZoneID(zoneName: settings.zone),
                maxRequestBytes: CloudKitLimits.maxRequestBodyBytes)
        }
    }

    /// One `records/modify` request, not atomic: each operation stands alone. It asks for no fields
    /// back (`desiredKeys: []`): a whole-record write leaves the server holding exactly the fields
    /// sent, so echoing them would only double the bytes to encode, send and decode.
    func modify(_ operations: [RecordOperation]) async throws -> [RecordResult] {
        try await database.modify(ModifyRequest(operations: operations, zoneID: zone, atomic: false, desiredKeys: []))
            .records
    }

    /// Looks records up by name, 200 per request; a missing record maps to its NOT_FOUND result.
    func lookup(_ names: [String]) async throws -> [String: RecordResult] {
        var found: [String: RecordResult] = [:]
        for start in stride(from: 0, to: names.count, by: CloudKitLimits.maxRecordsPerLookup) {
            let chunk = names[start..<min(names.count, start + CloudKitLimits.maxRecordsPerLookup)]
            let response = try await database.lookup(
                LookupRequest(recordNames: Array(chunk), zoneID: zone))
            for (name, result) in zip(chunk, response.records) { found[name] = result }
        }
        return found
    }

    /// Every record of a type, following continuation markers to the end, given to `page` a page
    /// at a time as it comes (while the next page is on its way). A type the server does not
    /// know yet (BAD_REQUEST "Did not find record type") has no records.
    func queryAll(type: String, _ page: ([RecordDictionary]) async throws -> Void) async throws {
        let request = QueryRequest(
            query: Query(recordType: type), zoneID: zone, resultsLimit: CloudKitLimits.maxResultsPerPage)
        do {
            try await database.queryPages(request) { response in try await page(response.records) }
        } catch let error as CloudKitError
            where error.serverErrorCode == .badRequest && error.reason?.contains("Did not find record type") == true
        {
            return
        }
    }
}
