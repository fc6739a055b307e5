import TOMLKit

/// Turns a parsed TOML document into a validated `WorkspaceConfiguration`.
///
/// The contract is design.md's "Configuration: cksync.toml" and docs/configuration.md:
/// unknown keys, wrong value types and invalid values are errors naming the dotted key and line.
struct ConfigurationParser {
    let source: ConfigurationSource
    /// The workspace folder, when the file was loaded from one: folders the configuration names
    /// (`assets`) are checked to exist in it.
    var directory: String? = nil

    func parseDocument(_ table: TOMLTable) throws(ConfigError) -> WorkspaceConfiguration {
        let document = TOMLTableReader(table: table, path: "", source: source)
        try document.rejectUnknownKeys(
            allowed: ["default-remote", "remotes", "types", "schema", "gc"], in: "cksync.toml")

        let remotes = try parseRemotes(document)
        let defaultRemote = try document.string("default-remote")
        if let defaultRemote, !remotes.contains(where: { $0.name == defaultRemote }) {
            let names = remotes.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw source.error(
                "default-remote",
                "no remote named \"\(defaultRemote)\" (declared: \(names.isEmpty ? "none" : names))")
        }

        var types: [RecordTypeConfiguration] = []
        if let value = document.value("types") {
            guard let array = value.array, array.allSatisfy({ $0.type == .table }) else {
                throw document.typeError("types", value, expected: "an array of tables ([[types]] blocks)")
            }
            var firstPath: [String: String] = [:]
            for (index, element) in array.enumerated() {
                let reader = TOMLTableReader(table: element.table!, path: "types[\(index + 1)]", source: source)
                let type = try parseType(reader)
                if let earlier = firstPath[type.name] {
                    throw source.error(reader.path("name"), "duplicate type name \"\(type.name)\" (also \(earlier))")
                }
                firstPath[type.name] = reader.path
                types.append(type)
            }
        }
        // Nothing to read would snapshot (and push) an empty dataset, deleting every remote record.
        guard !types.isEmpty else {
            throw source.error(
                "",
                "declares no record types: add a [[types]] block naming a source and its fields "
                    + "(the template of `cksync init` has a commented example)")
        }
        var configuration = WorkspaceConfiguration(defaultRemote: defaultRemote, remotes: remotes, types: types)
        if let schema = try document.table("schema") {
            configuration.schemaGrants = try parseSchemaGrants(schema)
        }
        if let gc = try document.table("gc") {
            try gc.rejectUnknownKeys(allowed: ["auto"], in: "[gc]")
            configuration.automaticGC = try gc.bool("auto") ?? true
        }
        return configuration
    }

    // MARK: - Remotes

    private func parseRemotes(_ document: TOMLTableReader) throws(ConfigError) -> [RemoteConfiguration] {
        guard let remotes = try document.table("remotes") else { return [] }
        // TOMLKit's tables are sorted by key; keep the order the file declares them in.
        let names = remotes.table.keys.sorted {
            (source.locator.line(of: remotes.path($0)) ?? 0, $0) < (source.locator.line(of: remotes.path($1)) ?? 0, $1)
        }
        var result: [RemoteConfiguration] = []
        for name in names {
            guard let remote = try remotes.table(name) else { continue }
            guard Self.isValidRemoteName(name) else {
                throw source.error(
                    remote.path,
                    "invalid remote name \"\(name)\" (letters, digits, \"-\", \"_\" and \".\", starting with a "
                        + "letter or digit: it becomes part of a git ref)")
            }
            result.append(RemoteConfiguration(name: name, kind: try parseRemoteKind(remote)))
        }
        return result
    }

    private func parseRemoteKind(_ remote: TOMLTableReader) throws(ConfigError) -> RemoteConfiguration.Kind {
        let kind = try remote.requiredString("kind", in: "a remote", example: "\"local\" or \"cloudkit\"")
        switch kind {
        case "local":
            try remote.rejectUnknownKeys(allowed: ["kind", "path"], in: "a local remote")
            let path = try remote.string("path") ?? ".cksync/local.sqlite"
            guard !path.isEmpty else { throw source.error(remote.path("path"), "must not be empty") }
            return .local(path: path)
        case "cloudkit":
            return .cloudkit(try parseCloudKit(remote))
        default:
            throw source.error(remote.path("kind"), "unknown kind \"\(kind)\" (expected \"local\" or \"cloudkit\")")
        }
    }

    private func parseCloudKit(_ remote: TOMLTableReader) throws(ConfigError) -> RemoteConfiguration.CloudKitSettings {
        try remote.rejectUnknownKeys(
            allowed: [
                "kind", "container", "environment", "database", "zone", "key-id", "private-key-file", "endpoint",
                "schema",
            ],
            in: "a cloudkit remote")
        let container = try remote.requiredString(
            "container", in: "a cloudkit remote", example: "\"iCloud.com.example.App\"")
        guard container.hasPrefix("iCloud."), container.count > "iCloud.".count else {
            throw source.error(
                remote.path("container"),
                "\"\(container)\" is not a CloudKit container identifier (it starts with \"iCloud.\")")
        }
        let environment = try oneOf(remote, "environment", ["development", "production"]) ?? "development"
        let database = try oneOf(remote, "database", ["public", "private"]) ?? "public"
        let zone = try remote.string("zone") ?? "_defaultZone"
        guard !zone.isEmpty else { throw source.error(remote.path("zone"), "must not be empty") }
        let keyID = try remote.string("key-id")
        if keyID?.isEmpty == true { throw source.error(remote.path("key-id"), "must not be empty") }
        let privateKeyFile = try remote.string("private-key-file")
        if privateKeyFile?.isEmpty == true {
            throw source.error(remote.path("private-key-file"), "must not be empty")
        }
        let endpoint = try remote.string("endpoint") ?? "https://api.apple-cloudkit.com"
        guard endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://"),
            endpoint.drop(while: { $0 != "/" }).count > 2
        else {
            throw source.error(remote.path("endpoint"), "\"\(endpoint)\" is not an http:// or https:// URL")
        }
        let schema = try remote.string("schema")
        if schema?.isEmpty == true { throw source.error(remote.path("schema"), "must not be empty") }
        return .init(
            container: container, environment: environment, database: database, zone: zone, keyID: keyID,
            privateKeyFile: privateKeyFile, endpoint: endpoint, schema: schema)
    }

    private func oneOf(_ table: TOMLTableReader, _ key: String, _ allowed: [String]) throws(ConfigError) -> String? {
        guard let value = try table.string(key) else { return nil }
        guard allowed.contains(value) else {
            let list = allowed.map { "\"\($0)\"" }.joined(separator: " or ")
            throw source.error(table.path(key), "unknown value \"\(value)\" (expected \(list))")
        }
        return value
    }

    /// A remote name becomes a git ref component (`refs/remotes/<name>/main`).
    static func isValidRemoteName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric, !name.contains(".."),
            !name.hasSuffix(".lock"), !name.hasSuffix("."), name.utf8.count <= 100
        else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// CloudKit type and field names: a letter, then letters, digits and underscores; at most 255.
    static func isValidCloudKitName(_ name: String) -> Bool { RecordNameRules.isValidTypeName(name) }
}

extension Unicode.Scalar {
    // fileprivate: the module has other authors; keep helpers out of their namespace.
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIAlphanumeric: Bool { isASCIILetter || ("0"..."9").contains(self) }
}
