/// A permission of a security role over a record type (`GRANT WRITE TO "_creator"`).
public enum SchemaPermission: String, Sendable, Hashable, CaseIterable, Comparable {
    /// May read records.
    case read = "READ"
    /// May create records.
    case create = "CREATE"
    /// May change and delete records.
    case write = "WRITE"

    /// READ, CREATE, WRITE: the order of their breadth.
    public static func < (left: SchemaPermission, right: SchemaPermission) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}

/// One `GRANT … TO "role"` of a record type.
public struct SchemaGrant: Sendable, Hashable {
    /// The security role: `_creator`, `_icloud`, `_world`, or a role the schema creates.
    public var role: String
    /// Sorted, without repeats.
    public var permissions: [SchemaPermission]

    /// The permissions `permissions` granted to `role`.
    public init(role: String, permissions: [SchemaPermission]) {
        self.role = role
        self.permissions = Array(Set(permissions)).sorted()
    }

    /// The grants of a public-database record type that cksync writes with a server-to-server key:
    /// its creator writes, any iCloud user creates, the world reads (cloudkit-protocol.md §12).
    public static let usual = [
        SchemaGrant(role: "_creator", permissions: [.write]),
        SchemaGrant(role: "_icloud", permissions: [.create]),
        SchemaGrant(role: "_world", permissions: [.read]),
    ]

    /// Whether `role` is one CloudKit defines (a leading `_`), rather than one a schema creates.
    public static func isBuiltIn(role: String) -> Bool { role.hasPrefix("_") }
}
