import Records
import Snapshots

/// A push to a production `cloudkit` remote refused before anything is written: the schema file
/// the remote names (`schema = "…"`, exported by `cktool export-schema`) lacks what the
/// configuration needs, and production CloudKit creates no record type or field just in time.
struct ProductionSchemaMismatch: Error, CustomStringConvertible {
    var remote: String
    var file: String
    var differences: [SchemaDifference]

    var description: String {
        let count = "\(differences.count) " + (differences.count == 1 ? "difference" : "differences")
        return "remote \"\(remote)\" is a production environment and its schema \(file) does not cover the "
            + "configuration (\(count)); nothing was pushed:\n"
            + differences.map { "  \($0)\n" }.joined()
            + "Deploy the missing schema to production (cktool import-schema), export it again "
            + "(cktool export-schema), and see `cksync schema --check \(file)`."
    }

    /// Checks the schema a production `cloudkit` remote names, before a push writes anything.
    /// Other remotes, and a production remote without `schema`, pass unchecked.
    ///
    /// - Throws: `ProductionSchemaMismatch` when the schema lacks something; `InputError` for a
    ///   schema file that cannot be read or parsed.
    static func check(remote name: String?, in workspace: Workspace) throws {
        let remote = try workspace.configuration.remote(named: name)
        guard case .cloudkit(let settings) = remote.kind, settings.environment == "production",
            let file = settings.schema
        else { return }
        let path = file.hasPrefix("/") ? file : workspace.directory + "/" + file
        let exported = try CloudKitSchema.load(path: path, displayPath: file)
        let differences = exported.differences(from: CloudKitSchema(configuration: workspace.configuration))
        guard differences.isEmpty else {
            throw ProductionSchemaMismatch(remote: remote.name, file: file, differences: differences)
        }
    }
}
