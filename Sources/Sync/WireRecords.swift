import CloudKitWeb
import Records

/// Conversions between cksync's records and the protocol's record dictionaries.
enum WireRecords {
    /// The record a server returned. Field types come from `schema` (the configured types, or the
    /// record that was sent) where it has them, so an untyped or integer-spelled DOUBLE comes back
    /// as the same value.
    static func record(_ dictionary: RecordDictionary, type: String, schema: [String: FieldType]) throws -> Record {
        Record(type: dictionary.recordType ?? type, name: dictionary.recordName,
               fields: try dictionary.fieldValues(schema: schema))
    }

    static func serverState(_ dictionary: RecordDictionary) -> ServerState {
        ServerState(
            recordChangeTag: dictionary.recordChangeTag ?? "", created: dictionary.created?.timestamp,
            modified: dictionary.modified?.timestamp)
    }
}

extension Record {
    /// The type of each field, as a schema for reading a server's answer about this record.
    var schema: [String: FieldType] { fields.mapValues(\.type) }
}
