/// An index of a field in a CloudKit schema (the options after a field's type in a `.ckdb` file).
public enum SchemaIndex: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Equality filters.
    case queryable = "QUERYABLE"
    /// Tokenized text search; STRING fields only.
    case searchable = "SEARCHABLE"
    /// Range filters and sorting.
    case sortable = "SORTABLE"

    /// Whether CloudKit indexes a field of `type` this way: SEARCHABLE is text search, so only
    /// STRING fields have it (the schema language's rule, cloudkit-protocol.md §12); the others
    /// apply to every type.
    public func applies(to type: FieldType) -> Bool {
        self != .searchable || type == .string
    }

    /// Alphabetical, the order `cktool export-schema` writes them in.
    public static func < (left: SchemaIndex, right: SchemaIndex) -> Bool { left.rawValue < right.rawValue }
}
