import TOMLKit

/// The `[schema]` table: what `cksync schema` writes beyond the fields.
extension ConfigurationParser {
    /// `[schema.grants]`: each key a security role, each value its permissions
    /// (`_creator = ["WRITE"]`). Replaces the usual grants as a whole; an empty table grants nothing.
    func parseSchemaGrants(_ schema: TOMLTableReader) throws(ConfigError) -> [SchemaGrant] {
        try schema.rejectUnknownKeys(allowed: ["grants"], in: "the [schema] table")
        guard let grants = try schema.table("grants") else { return SchemaGrant.usual }
        var result: [SchemaGrant] = []
        for role in grants.table.keys.sorted() {
            let path = grants.path(role)
            guard !role.isEmpty, role.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0 != "\"" && $0 != "\\" })
            else {
                throw source.error(
                    path, "invalid role name \(role.debugDescription) (no quotes, backslashes or control characters)")
            }
            var permissions: [SchemaPermission] = []
            for name in try grants.stringArray(role) ?? [] {
                guard let permission = SchemaPermission(rawValue: name) else {
                    throw source.error(path, "unknown permission \"\(name)\" (expected READ, CREATE or WRITE)")
                }
                permissions.append(permission)
            }
            guard !permissions.isEmpty else {
                throw source.error(path, "grants nothing: list READ, CREATE or WRITE, or remove the role")
            }
            result.append(SchemaGrant(role: role, permissions: permissions))
        }
        return result
    }
}
