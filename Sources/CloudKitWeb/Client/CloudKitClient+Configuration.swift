import Foundation
import Records

extension CloudKitClient {
    /// The container environment, lowercase on the wire (protocol §1).
    package enum Environment: String, Sendable, Hashable, CaseIterable {
        case development
        case production
    }

    /// The database of the container (protocol §1). Server-to-server keys reach `public` only.
    package enum Database: String, Sendable, Hashable, CaseIterable {
        case `public`
        case `private`
        case shared
    }

    /// Where a client sends requests, as whom, and how patiently.
    ///
    /// Requests go to `{endpoint}/database/1/{container}/{environment}/{database}/{operation}`.
    package struct Configuration: Sendable {
        /// Apple's service.
        package static let appleEndpoint = URL(string: "https://api.apple-cloudkit.com")!

        /// Any http(s) URL: Apple's by default, `http://127.0.0.1:PORT` for `cksync serve`.
        package var endpoint: URL
        /// `iCloud.com.example.App`.
        package var container: String
        package var environment: Environment
        package var database: Database
        package var credentials: CloudKitCredentials
        package var retry: RetryPolicy
        /// Time to open a connection (10 s).
        package var connectTimeout: Duration
        /// Time for one attempt, from sending to the whole answer (60 s).
        package var requestTimeout: Duration
        /// The largest response body accepted (64 MiB).
        package var maxResponseBytes: Int
        /// Called before each wait for another attempt, so a terminal can say what it waits for
        /// (`THROTTLED, retrying in 3 s (attempt 2 of 6)`); nil: waits are silent.
        package var onRetry: (@Sendable (RetryNotice) -> Void)?
        /// What the user should hear about these settings (a private key file others can read);
        /// the caller logs them, a library does not print.
        package var warnings: [String] = []
        /// The clock retries wait on and measure their time limit by: `ContinuousClock` in use;
        /// tests pass one whose waits end at once, so back-off is tested without waiting.
        package var clock: any Clock<Duration> = ContinuousClock()
        /// The date each attempt is signed with (server-to-server keys): the system's clock in
        /// use, a test clock's date in tests.
        package var now: @Sendable () -> Date = { Date() }

        package init(
            endpoint: URL = Configuration.appleEndpoint, container: String, environment: Environment,
            database: Database, credentials: CloudKitCredentials, retry: RetryPolicy = .default,
            connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
            maxResponseBytes: Int = 64 << 20
        ) {
            self.endpoint = endpoint
            self.container = container
            self.environment = environment
            self.database = database
            self.credentials = credentials
            self.retry = retry
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
        }

        /// The environment variable that may hold the private key's PEM text (it wins over
        /// `private-key-file`, so CI can inject the key without a file).
        package static let privateKeyVariable = "CKSYNC_PRIVATE_KEY"
        /// The environment variable holding an API token, used when the remote has no `key-id`.
        package static let apiTokenVariable = "CKSYNC_API_TOKEN"
        /// The environment variable holding a web auth token to send with the API token.
        package static let webAuthTokenVariable = "CKSYNC_WEB_AUTH_TOKEN"

        /// The configuration of a `[remotes.NAME]` table of kind `cloudkit`.
        ///
        /// Credentials: with `key-id`, a server-to-server key read from `$CKSYNC_PRIVATE_KEY` when set,
        /// else from `private-key-file` (relative to `directory`); without `key-id`, the API token in
        /// `$CKSYNC_API_TOKEN` (plus `$CKSYNC_WEB_AUTH_TOKEN` when set).
        ///
        /// - Throws: `InputError` naming the key file, variable or setting that is wrong.
        package init(
            settings: RemoteConfiguration.CloudKitSettings, directory: String = ".",
            environmentVariables: [String: String] = ProcessInfo.processInfo.environment
        ) throws {
            let label = "remote \(settings.container)"
            guard let endpoint = URL(string: settings.endpoint) else {
                throw InputError(file: label, field: "endpoint", message: "\"\(settings.endpoint)\" is not a URL")
            }
            guard let environment = Environment(rawValue: settings.environment) else {
                throw InputError(
                    file: label, field: "environment",
                    message: "\"\(settings.environment)\" is not development or production")
            }
            guard let database = Database(rawValue: settings.database) else {
                throw InputError(
                    file: label, field: "database", message: "\"\(settings.database)\" is not public, private or shared"
                )
            }
            let credentials: CloudKitCredentials
            var keyWarnings: [String] = []
            if let keyID = settings.keyID {
                if let pem = environmentVariables[Self.privateKeyVariable], !pem.isEmpty {
                    credentials = .serverToServer(
                        try ServerToServerKey(keyID: keyID, pem: pem, source: "$" + Self.privateKeyVariable))
                } else if let file = settings.privateKeyFile {
                    let path = file.hasPrefix("/") ? file : directory + "/" + file
                    credentials = .serverToServer(try ServerToServerKey(keyID: keyID, pemFile: path))
                    keyWarnings += ServerToServerKey.permissionWarnings(pemFile: path)
                } else {
                    throw InputError(
                        file: label, field: "private-key-file",
                        message: "key-id is set but there is no private-key-file and no $\(Self.privateKeyVariable)")
                }
            } else if let token = environmentVariables[Self.apiTokenVariable], !token.isEmpty {
                credentials = .apiToken(token, webAuthToken: environmentVariables[Self.webAuthTokenVariable])
            } else {
                throw InputError(
                    file: label, field: "key-id",
                    message: "no credentials: set key-id and private-key-file, or $\(Self.apiTokenVariable)")
            }
            self.init(
                endpoint: endpoint, container: settings.container, environment: environment, database: database,
                credentials: credentials)
            warnings = keyWarnings
            try validate()
        }

        /// Checks the endpoint scheme and the container name.
        ///
        /// - Throws: `InputError` naming the setting.
        package func validate() throws {
            let label = "remote \(container)"
            guard let scheme = endpoint.scheme?.lowercased(), scheme == "http" || scheme == "https",
                endpoint.host != nil
            else {
                throw InputError(
                    file: label, field: "endpoint", message: "\"\(endpoint.absoluteString)\" is not an http(s) URL")
            }
            guard !container.isEmpty, !container.contains("/"), !container.contains("?") else {
                throw InputError(file: label, field: "container", message: "\"\(container)\" is not a container ID")
            }
        }

        /// The path every operation path is appended to: `/database/1/{container}/{environment}/{database}/`,
        /// after the endpoint's own path, if any.
        var databasePath: String {
            "/database/1/\(container)/\(environment.rawValue)/\(database.rawValue)/"
        }
    }
}
