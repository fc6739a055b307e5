extension CloudKitSchema {
    /// The schema in the CloudKit Schema Language, in the form `cktool export-schema` writes
    /// (cloudkit-protocol.md §12): `DEFINE SCHEMA`, the roles, then each record type with its
    /// fields aligned in a column and its grants. `CloudKitSchema(parsing:file:)` reads it back.
    public var text: String {
        var text = "DEFINE SCHEMA\n"
        if !roles.isEmpty {
            text += "\n" + roles.map { "    CREATE ROLE \(Self.identifier($0));\n" }.joined()
        }
        for type in recordTypes {
            let names = type.fields.map { Self.identifier($0.name) }
            let width = names.map(\.count).max() ?? 0
            var members = zip(names, type.fields).map { name, field in
                let padded = name + String(repeating: " ", count: width - name.count)
                return ([padded, field.type.description] + field.indexes.map(\.rawValue)).joined(separator: " ")
            }
            members += type.grants.map { grant in
                "GRANT \(grant.permissions.map(\.rawValue).joined(separator: ", ")) TO \(Self.quoted(grant.role))"
            }
            text += "\n    RECORD TYPE \(Self.identifier(type.name)) (\n"
            text += members.map { "        " + $0 }.joined(separator: ",\n")
            text += "\n    );\n"
        }
        return text
    }

    /// A name as the language writes it: bare when it is a plain identifier and no keyword,
    /// else in double quotes, as `cktool` quotes the system fields (`"___recordID"`).
    static func identifier(_ name: String) -> String {
        let bare =
            SchemaToken.isPlainIdentifier(name) && !name.hasPrefix("_")
            && !SchemaToken.keywords.contains(name.uppercased())
        return bare ? name : quoted(name)
    }

    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
