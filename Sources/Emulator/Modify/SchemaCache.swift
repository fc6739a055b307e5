import CloudKitWeb
import GRDB
import Records

/// The development-environment schema as one request sees it: each record type's field types,
/// read once per type per request; new types and fields written as they are first used. With a
/// fixed schema (production), the types and fields are the fixed schema's, and others are refused.
struct SchemaCache {
    private var fieldTypes: [String: [String: FieldType]] = [:]
    /// The database's namespace (`EmulatorStore.namespace`), prefixed to type names in the tables.
    let namespace: String
    /// The schema writes cannot extend, when the database has one (`cksync serve --schema`).
    let fixed: FixedSchema?

    init(namespace: String, fixed: FixedSchema? = nil) {
        self.namespace = namespace
        self.fixed = fixed
    }

    /// The field types of `recordType`, from the fixed schema, the cache or the database; `nil`
    /// for a type never written (or not in the fixed schema).
    mutating func fieldTypes(of recordType: String, in db: Database) throws -> [String: FieldType]? {
        if let fixed { return fixed.fieldTypes[recordType] }
        if let types = fieldTypes[recordType] { return types }
        let known = try db.cachedStatement(sql: "SELECT 1 FROM record_type WHERE name = ?")
        guard try Bool.fetchOne(known, arguments: [namespace + recordType]) != nil else { return nil }
        let statement = try db.cachedStatement(sql: "SELECT field, field_type FROM schema_field WHERE record_type = ?")
        var types: [String: FieldType] = [:]
        for row in try Row.fetchAll(statement, arguments: [namespace + recordType]) {
            if let type = FieldType(rawValue: row[1]) { types[row[0]] = type }
        }
        fieldTypes[recordType] = types
        return types
    }

    /// Reads a record's wire fields against the schema of `recordType`, then adds the type's new
    /// fields (and the type itself) to the schema.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST naming the field, for a value that does not fit its
    ///   type or a type other than the one the schema fixed, and, under a fixed schema, for a record
    ///   type or field it lacks. The schema is unchanged then.
    mutating func values(
        of record: RecordDictionary, recordType: String, in db: Database
    ) throws -> [String: FieldValue] {
        let existing = try fieldTypes(of: recordType, in: db)
        if fixed != nil, existing == nil { throw fieldError(record, recordType, FixedSchema.unknownType(recordType)) }
        let types = existing ?? [:]
        var values: [String: FieldValue] = [:]
        var added: [(String, FieldType)] = []
        for (name, field) in record.fields ?? [:] {
            let value: FieldValue
            do {
                value = try FieldValue(wire: field, schemaType: types[name])
            } catch {
                throw fieldError(record, recordType, "field '\(name)': \(error.reason ?? "invalid value")")
            }
            if let fixed = types[name] {
                guard value.type == fixed else {
                    throw fieldError(
                        record, recordType,
                        "invalid attempt to set value type \(value.type.rawValue) for field '\(name)' "
                            + "for type '\(recordType)', defined to be: \(fixed.rawValue)")
                }
            } else {
                guard fixed == nil else {
                    throw fieldError(record, recordType, FixedSchema.unknownField(name, of: recordType))
                }
                guard RecordNameRules.isValidTypeName(name) else {
                    throw fieldError(record, recordType, "invalid field name '\(name)'")
                }
                added.append((name, value.type))
            }
            values[name] = value
        }
        if existing == nil {
            try db.cachedStatement(sql: "INSERT INTO record_type (name) VALUES (?)")
                .execute(arguments: [namespace + recordType])
        }
        if !added.isEmpty || existing == nil {
            var updated = types
            let insert = try db.cachedStatement(
                sql: "INSERT INTO schema_field (record_type, field, field_type) VALUES (?, ?, ?)")
            for (name, type) in added {
                try insert.execute(arguments: [namespace + recordType, name, type.rawValue])
                updated[name] = type
            }
            fieldTypes[recordType] = updated
        }
        return values
    }

    private func fieldError(_ record: RecordDictionary, _ recordType: String, _ reason: String) -> CloudKitError {
        CloudKitError(.badRequest, reason: reason, recordType: recordType, recordName: record.recordName)
    }
}
