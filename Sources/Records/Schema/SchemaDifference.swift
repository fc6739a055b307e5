/// One way a CloudKit schema falls short of what the configuration needs (`cksync schema --check`).
public struct SchemaDifference: Sendable, Hashable, CustomStringConvertible {
    /// What falls short.
    public enum Kind: String, Sendable, Hashable {
        /// The schema has no record type of that name.
        case missingRecordType
        /// The record type has no field of that name.
        case missingField
        /// The field exists with a type that does not hold the configured values.
        case typeMismatch
        /// `___recordID` is not QUERYABLE: cksync's fetch queries by record name (§11).
        case recordNameNotQueryable
        /// The field lacks an index cksync.toml asks for.
        case missingIndex
        /// The record type does not grant a permission cksync.toml asks for.
        case missingGrant
    }

    /// What falls short.
    public var kind: Kind
    /// The record type it concerns.
    public var recordType: String
    /// The field it concerns; `nil` for the record type as a whole.
    public var field: String?
    /// What the configuration needs: a type (`LIST<STRING>`), an index, or `WRITE TO "_creator"`.
    public var expected: String?
    /// What the schema has instead, for a type mismatch.
    public var found: String?

    /// `Airport.elevation: INT64 in cksync.toml, STRING in the schema`
    public var description: String {
        let subject = recordType + (field.map { ".\($0)" } ?? "")
        switch kind {
        case .missingRecordType: return "\(recordType): no such record type"
        case .missingField: return "\(subject): no such field (cksync.toml: \(expected ?? "?"))"
        case .typeMismatch:
            return "\(subject): \(found ?? "?") in the schema, \(expected ?? "?") in cksync.toml"
        case .recordNameNotQueryable:
            return "\(recordType): \(RecordTypeSchema.recordIDField) is not QUERYABLE (cksync queries by record name)"
        case .missingIndex: return "\(subject): not \(expected ?? "?") (cksync.toml asks for it)"
        case .missingGrant: return "\(recordType): no GRANT \(expected ?? "?")"
        }
    }
}
