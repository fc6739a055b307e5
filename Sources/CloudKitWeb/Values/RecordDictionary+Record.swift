import Records

extension RecordDictionary {
    /// The wire form of a record: its name, type and every field with its `type`.
    package init(_ record: Record, recordChangeTag: String? = nil, zoneID: ZoneID? = nil) {
        var fields: [String: FieldDictionary] = [:]
        fields.reserveCapacity(record.fields.count)
        for (name, value) in record.fields { fields[name] = FieldDictionary(value) }
        self.init(
            recordName: record.name, recordType: record.type, recordChangeTag: recordChangeTag,
            fields: fields, zoneID: zoneID)
    }

    /// The fields as record values; untyped ones are typed by `schema` (field name → type), then
    /// by their JSON shape.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for this record, its reason naming the field.
    package func fieldValues(schema: [String: FieldType] = [:]) throws(CloudKitError) -> [String: FieldValue] {
        guard let fields else { return [:] }
        var values: [String: FieldValue] = [:]
        values.reserveCapacity(fields.count)
        for (name, field) in fields {
            do {
                values[name] = try FieldValue(wire: field, schemaType: schema[name])
            } catch {
                throw CloudKitError(
                    .badRequest, reason: "field \"\(name)\": \(error.reason ?? "invalid value")",
                    recordType: recordType, recordName: recordName)
            }
        }
        return values
    }
}

extension Record {
    /// A record from its wire form.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST naming the record when `recordType` is missing or a
    ///   field's value does not fit its type (see `FieldValue(wire:schemaType:)`).
    package init(_ dictionary: RecordDictionary, schema: [String: FieldType] = [:]) throws(CloudKitError) {
        guard let type = dictionary.recordType else {
            throw CloudKitError(.badRequest, reason: "missing recordType", recordName: dictionary.recordName)
        }
        self.init(type: type, name: dictionary.recordName, fields: try dictionary.fieldValues(schema: schema))
    }
}
