import ArgumentParser
import Emulator
import Foundation
import Logging
import Records

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer CloudKit Web Services requests from a local SQLite store.",
        // argument-parser shortens a usage line this long to `<options>`; spell it out.
        usage: """
            cksync serve [--host <address>] [--port <port>] [--data <file> | --data-dir <dir>] [--key <id=file> ...] \
            [--api-token <token> ...] [--allow-unsigned] [--schema <file>] [--fault-throttle <p>] \
            [--fault-unavailable <p>] [--fault-drop <p>] [--fault-seed <n>] [--latency <ms>]
            """,
        discussion: """
            Serves POST records/query, records/lookup, records/modify, records/changes, zones/lookup, \
            zones/modify, assets/upload and GET zones/list under \
            /database/1/{container}/{environment}/{database}/, with CloudKit's request and response shapes, \
            errors and limits (200 operations, 200 results, 2 MiB bodies, 200 upload tokens). The upload \
            URLs assets/upload hands out take an asset's bytes (at most 50,000,000) and answer its receipt; \
            records then carry downloadURLs that serve the bytes. Point a cloudkit remote's endpoint at the \
            printed URL.

            The first line on stdout is "cksync serve: listening on http://HOST:PORT" (with --port 0, the \
            port chosen). One log line per request goes to stderr.

            Authentication: requests signed with a --key (public database only), or carrying a --api-token \
            as ckAPIToken (writes and the private/shared databases also need some ckWebAuthToken), or, with \
            --allow-unsigned, nothing.

            With --schema FILE (a .ckdb file, as `cksync schema` or `cktool export-schema` writes it), the \
            production environment is held to that schema as CloudKit's is: a record of a type or with a \
            field the schema lacks is refused (BAD_REQUEST "Cannot create new type X in production schema"), \
            and a type whose ___recordID is not QUERYABLE cannot be queried. Development keeps creating \
            record types and fields on first use.

            Examples:
              cksync serve --port 8080 --allow-unsigned
              cksync serve --allow-unsigned --schema schema.ckdb
              cksync serve --key KEYID=eckey.pub.pem --fault-throttle 0.3 --fault-seed 1

            Exit codes: 0 stopped cleanly (SIGINT or SIGTERM); 2 bad options (an unreadable or invalid key \
            file, a bad fault probability, a schema file that cannot be read or parsed); 3 the server failed (e.g. the port is taken, the store cannot \
            be opened).
            """
    )

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "port"))
    var port = 8080

    @Option(
        help: ArgumentHelp(
            "The SQLite file of the store; each container, environment and database has its own records in it.",
            valueName: "file"))
    var data = "./cksync-serve.sqlite"

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Instead of --data: one store per database, <dir>/<container>/<environment>/<database>.sqlite.",
            valueName: "dir"))
    var dataDirectory: String?

    @Option(
        help: ArgumentHelp(
            "The production schema (.ckdb): production refuses record types and fields it lacks.", valueName: "file"))
    var schema: String?

    @Option(
        name: .customLong("key"),
        help: ArgumentHelp(
            "A server-to-server key: its key id and the file of its public key (\"BEGIN PUBLIC KEY\" PEM, as `openssl ec -pubout` prints). Repeatable.",
            valueName: "id=file"))
    var keys: [String] = []

    @Option(
        name: .customLong("api-token"),
        help: ArgumentHelp("An API token to accept as ckAPIToken. Repeatable.", valueName: "token"))
    var apiTokens: [String] = []

    @Flag(help: "Accept requests without credentials (a signed request must still verify). For local use.")
    var allowUnsigned = false

    @Option(
        help: ArgumentHelp("Probability of answering 429 THROTTLED (with retryAfter) before applying.", valueName: "p"))
    var faultThrottle = 0.0

    @Option(help: ArgumentHelp("Probability of answering 503 TRY_AGAIN_LATER before applying.", valueName: "p"))
    var faultUnavailable = 0.0

    @Option(
        help: ArgumentHelp(
            "Probability of closing the connection without an answer, half of the time after applying the request.",
            valueName: "p"))
    var faultDrop = 0.0

    @Option(help: ArgumentHelp("Seed of the fault generator: the same seed replays the same faults.", valueName: "n"))
    var faultSeed: UInt64?

    @Option(help: ArgumentHelp("Milliseconds to wait before answering each request.", valueName: "ms"))
    var latency = 0

    var faults: FaultConfiguration {
        FaultConfiguration(
            throttle: faultThrottle, unavailable: faultUnavailable, drop: faultDrop, latencyMilliseconds: latency,
            seed: faultSeed)
    }

    func validate() throws {
        if let problem = faults.problem { throw ValidationError(problem) }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
        _ = try readKeys()
    }

    func run() async throws {
        let configuration = ServerConfiguration(
            host: host, port: port, keys: try readKeys(), apiTokens: Set(apiTokens), allowUnsigned: allowUnsigned,
            faults: faults)
        let productionSchema = try schema.map { try CloudKitSchema.load(path: $0, displayPath: $0) }
        let stores: ServerStores
        if let dataDirectory {
            stores = ServerStores(folder: dataDirectory, productionSchema: productionSchema)
        } else {
            stores = ServerStores(store: try EmulatorStore(path: data), productionSchema: productionSchema)
        }
        let logger = Logger(label: "cksync.serve")
        let host = host
        let app = buildApplication(configuration: configuration, stores: stores, logger: logger) { port in
            let line = "cksync serve: listening on http://\(host):\(port)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await app.runService()
    }

    /// The `--key id=file` options as public keys by id.
    private func readKeys() throws -> [String: ServerConfiguration.PublicKey] {
        var result: [String: ServerConfiguration.PublicKey] = [:]
        for option in keys {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw ValidationError("--key \(option): expected KEYID=public.pem")
            }
            let id = String(option[..<equals])
            let file = String(option[option.index(after: equals)...])
            guard let pem = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("--key \(id): cannot read \(file)")
            }
            do {
                result[id] = try ServerConfiguration.publicKey(pem: pem)
            } catch {
                throw ValidationError("--key \(id): \(file) is not a P-256 public key (\"BEGIN PUBLIC KEY\" PEM)")
            }
        }
        return result
    }
}
