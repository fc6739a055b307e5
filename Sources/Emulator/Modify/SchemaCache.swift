import CloudKitWeb
import GRDB
import Records

/// The development-environment schema as one request sees it: each record type's field types,
/// read once per type per request; new types and fields written as they are first used. With a
/// fixed schema (production), the types and fields are the fixed schema's, and others are refused.
struct SchemaCache {
    private var fieldTypes: [String: [String: FieldType]] = [:]
    /// Each record type's asset fields, true for an ASSET_LIST, read with `fieldTypes`.
    private var assetTypes: [String: [String: Bool]] = [:]
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
        var assets: [String: Bool] = [:]
        for row in try Row.fetchAll(statement, arguments: [namespace + recordType]) {
            // Asset fields are kept apart from the value types: their values are files (`assets`).
            let name: String = row[1]
            if name == WireFieldType.asset.rawValue {
                assets[row[0]] = false
            } else if name == WireFieldType.assetList.rawValue {
                assets[row[0]] = true
            } else if let type = FieldType(rawValue: name) {
                types[row[0]] = type
            }
        }
        fieldTypes[recordType] = types
        assetTypes[recordType] = assets
        return types
    }

    /// The asset fields of `recordType` (true for an ASSET_LIST); read by `fieldTypes(of:in:)`,
    /// which must have been called first.
    private func assetFields(of recordType: String) -> [String: Bool] {
        if let fixed { return fixed.assetFields[recordType] ?? [:] }
        return assetTypes[recordType] ?? [:]
    }

    /// A record's fields read against the schema: values, and asset fields resolved against the
    /// store's uploads.
    struct Fields {
        var values: [String: FieldValue] = [:]
        var assets: [String: StoredAssetField] = [:]
    }

    /// Whether a field's wire value is an asset, and then whether a list: by its `type`, else the
    /// schema's, else its shape (an object with a `receipt` or `fileChecksum`, or a list of them).
    private static func assetKind(_ field: FieldDictionary, schemaAsset: Bool?) -> Bool? {
        if let type = field.type {
            if type.isAsset { return false }
            if type.isAssetList { return true }
            return nil
        }
        if let schemaAsset { return schemaAsset }
        func isAssetObject(_ value: WireJSONValue) -> Bool {
            value["recordName"] == nil && value["latitude"] == nil
                && (value["receipt"] != nil || value["fileChecksum"] != nil)
        }
        switch field.value {
        case .object: return isAssetObject(field.value) ? false : nil
        case .array(let elements):
            return !elements.isEmpty && elements.allSatisfy(isAssetObject) ? true : nil
        default: return nil
        }
    }

    /// Reads a record's wire fields against the schema of `recordType`, then adds the type's new
    /// fields (and the type itself) to the schema.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST naming the field, for a value that does not fit its
    ///   type or a type other than the one the schema fixed, and, under a fixed schema, for a record
    ///   type or field it lacks. The schema is unchanged then.
    mutating func values(
        of record: RecordDictionary, recordType: String, in db: Database, assets resolver: AssetResolver
    ) throws -> Fields {
        let existing = try fieldTypes(of: recordType, in: db)
        if fixed != nil, existing == nil { throw fieldError(record, recordType, FixedSchema.unknownType(recordType)) }
        let types = existing ?? [:]
        let assetTypes = assetFields(of: recordType)
        var values: [String: FieldValue] = [:]
        var assets: [String: (field: FieldDictionary, list: Bool)] = [:]
        var added: [(String, String)] = []
        for (name, field) in record.fields ?? [:] {
            if let list = Self.assetKind(field, schemaAsset: assetTypes[name]) {
                let wireType = list ? WireFieldType.assetList : WireFieldType.asset
                if let fixed = types[name] {
                    throw fieldError(
                        record, recordType,
                        "invalid attempt to set value type \(wireType) for field '\(name)' "
                            + "for type '\(recordType)', defined to be: \(fixed.rawValue)")
                }
                if let schemaList = assetTypes[name] {
                    guard schemaList == list else {
                        let defined = schemaList ? WireFieldType.assetList : WireFieldType.asset
                        throw fieldError(
                            record, recordType,
                            "invalid attempt to set value type \(wireType) for field '\(name)' "
                                + "for type '\(recordType)', defined to be: \(defined)")
                    }
                } else {
                    guard fixed == nil else {
                        throw fieldError(record, recordType, FixedSchema.unknownField(name, of: recordType))
                    }
                    guard RecordNameRules.isValidTypeName(name) else {
                        throw fieldError(record, recordType, "invalid field name '\(name)'")
                    }
                    added.append((name, wireType.rawValue))
                }
                assets[name] = (field, list)
                continue
            }
            if let schemaList = assetTypes[name] {
                let defined = schemaList ? WireFieldType.assetList : WireFieldType.asset
                throw fieldError(
                    record, recordType,
                    "field '\(name)': a value of type \(field.type?.rawValue ?? "unknown") for a field "
                        + "defined to be: \(defined)")
            }
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
                added.append((name, value.type.rawValue))
            }
            values[name] = value
        }
        // Before the schema grows: a field whose first asset is refused gets no type from it.
        let resolved = try resolver.resolve(assets, record: record, recordType: recordType)
        if existing == nil {
            try db.cachedStatement(sql: "INSERT INTO record_type (name) VALUES (?)")
                .execute(arguments: [namespace + recordType])
        }
        if !added.isEmpty || existing == nil {
            var updated = types
            let insert = try db.cachedStatement(
                sql: "INSERT INTO schema_field (record_type, field, field_type) VALUES (?, ?, ?)")
            var updatedAssets = assetTypes
            for (name, type) in added {
                try insert.execute(arguments: [namespace + recordType, name, type])
                if type == WireFieldType.asset.rawValue || type == WireFieldType.assetList.rawValue {
                    updatedAssets[name] = type == WireFieldType.assetList.rawValue
                } else if let fieldType = FieldType(rawValue: type) {
                    updated[name] = fieldType
                }
            }
            fieldTypes[recordType] = updated
            if fixed == nil { self.assetTypes[recordType] = updatedAssets }
        }
        return Fields(values: values, assets: resolved)
    }

    private func fieldError(_ record: RecordDictionary, _ recordType: String, _ reason: String) -> CloudKitError {
        CloudKitError(.badRequest, reason: reason, recordType: recordType, recordName: record.recordName)
    }
}
