/// An index of a field in a CloudKit schema (the options after a field's type in a `.ckdb` file).
public enum SchemaIndex: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Equality filters.
    case queryable = "QUERYABLE"
    /// Tokenized text search; STRING fields only.
    case searchable = "SEARCHABLE"
    /// Range filters and sorting.
    case sortable = "SORTABLE"

    /// Why CloudKit does not index a field of `type` this way; nil when it does. SEARCHABLE is text
    /// search, so only STRING fields have it (the schema language's rule, cloudkit-protocol.md §12);
    /// a file is never indexed (ASSET, ASSET_LIST); QUERYABLE and SORTABLE apply to every other type.
    public func whyNotApplicable(to type: FieldType) -> String? {
        if type.holdsFiles {
            return "CloudKit indexes no file, and this field is \(type.rawValue)"
        }
        if self == .searchable && type != .string {
            return "\(rawValue) is text search, for STRING fields only; this field is \(type.rawValue)"
        }
        return nil
    }

    /// Alphabetical, the order `cktool export-schema` writes them in.
    public static func < (left: SchemaIndex, right: SchemaIndex) -> Bool { left.rawValue < right.rawValue }
}
