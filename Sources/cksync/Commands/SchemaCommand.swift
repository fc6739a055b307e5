import ArgumentParser
import Records
import Snapshots

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the CloudKit schema of the configured record types, or check an exported one covers them.",
        discussion: """
            Prints the schema in the CloudKit Schema Language that `cktool import-schema` reads: per record \
            type the system fields (___recordID QUERYABLE, as cksync queries by record name), every \
            configured field with its CloudKit type and the indexes cksync.toml asks for, and the grants of \
            [schema.grants] (by default WRITE to _creator, CREATE to _icloud, READ to _world).

            With --check FILE, reads a schema exported by `cktool export-schema` and lists what it lacks of \
            the configuration: record types, fields, field types, the QUERYABLE ___recordID index, the \
            configured indexes and grants. Types and fields the configuration does not use are fine.

            Examples:
              cksync schema > schema.ckdb       # then: cktool import-schema --file schema.ckdb …
              cksync schema --check production.ckdb

            Exit codes: 0 printed, or the schema covers the configuration; 1 the schema lacks something \
            (only with --check); 2 bad configuration, or a schema file that cannot be read or parsed \
            (the message names its line).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Check that this exported schema (.ckdb) covers the configuration.", valueName: "file"))
    var check: String?

    func run() async throws {
        let workspace = try global.openWorkspace()
        let required = CloudKitSchema(configuration: workspace.configuration)
        let output = Output(options: global)
        guard let check else {
            if global.json { return output.json(JSONDocument.make(SchemaJSON.members(required))) }
            // The schema itself, even with --quiet: it is the result, as with `> schema.ckdb`.
            return print(required.text, terminator: "")
        }
        let exported = try CloudKitSchema.load(path: global.resolvePath(check), displayPath: check)
        let differences = exported.differences(from: required)
        if global.json {
            output.json(
                JSONDocument.make([
                    ("file", .string(check)), ("covered", .bool(differences.isEmpty)),
                    ("differences", .array(differences.map(SchemaJSON.difference))),
                ]))
        } else if differences.isEmpty {
            let fields = required.recordTypes.reduce(0) {
                $0 + $1.fields.count(where: { !RecordTypeSchema.isSystemField($0.name) })
            }
            output.line(
                "\(check) covers \(workspace.configDisplayPath): \(required.recordTypes.count) record types, \(fields) fields"
            )
        } else {
            output.line(
                "\(check) does not cover \(workspace.configDisplayPath): \(differences.count) "
                    + (differences.count == 1 ? "difference" : "differences"))
            output.lines(differences.map { "  \($0)" })
        }
        if !differences.isEmpty { throw ExitStatus.differences }
    }
}
