import CloudKitWeb
import Records

/// Conversions between cksync's records and the protocol's record dictionaries.
enum WireRecords {
    /// The record a server returned. Field types come from `schema` (the configured types, or the
    /// record that was sent) where it has them, so an untyped or integer-spelled DOUBLE comes back
    /// as the same value.
    static func record(_ dictionary: RecordDictionary, type: String, schema: [String: FieldType]) throws -> Record {
        Record(
            type: dictionary.recordType ?? type, name: dictionary.recordName,
            fields: try dictionary.fieldValues(schema: schema))
    }

    /// The record a server returned with its state, each asset named by the content `known` (what
    /// cksync knows the server holds for the record) gives its checksum in the same field; an
    /// asset it does not know keeps the server's checksum.
    static func recordAndState(
        _ dictionary: RecordDictionary, type: String, schema: [String: FieldType], known: [ServerAsset]
    ) throws -> (Record, ServerState) {
        var record = try record(dictionary, type: type, schema: schema)
        var state = serverState(dictionary)
        for (name, value) in record.fields.sorted(by: { $0.key < $1.key }) {
            let assets = OutgoingAsset.assets(in: value)
            guard !assets.isEmpty else { continue }
            var named: [Asset] = []
            for asset in assets {
                guard case .fileChecksum(let checksum) = asset.identity else {
                    named.append(asset)
                    continue
                }
                let content = known.content(of: checksum, in: name)
                state.assets.append(
                    ServerAsset(field: name, content: content, fileChecksum: checksum, size: asset.size))
                named.append(content.map { Asset(size: asset.size, identity: .content($0)) } ?? asset)
            }
            record.fields[name] = OutgoingAsset.value(value, holding: named)
        }
        return (record, state)
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
