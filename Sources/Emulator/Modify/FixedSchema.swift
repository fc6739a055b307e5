import CloudKitWeb
import Records

/// A schema that writes cannot extend, as CloudKit's production environment's (`cksync serve
/// --schema`): record types and fields it lacks are refused instead of created just in time.
struct FixedSchema: Sendable, Hashable {
    /// Each record type's fields and the type their values have; system fields and asset fields
    /// left out.
    let fieldTypes: [String: [String: FieldType]]
    /// Each record type's ASSET fields (false) and LIST<ASSET> fields (true).
    let assetFields: [String: [String: Bool]]
    /// The record types whose `___recordID` is QUERYABLE: only these can be queried (§11).
    let queryableTypes: Set<String>

    init(_ schema: CloudKitSchema) {
        var fieldTypes: [String: [String: FieldType]] = [:]
        var assetFields: [String: [String: Bool]] = [:]
        var queryable: Set<String> = []
        for type in schema.recordTypes {
            var fields: [String: FieldType] = [:]
            var assets: [String: Bool] = [:]
            for field in type.fields where !RecordTypeSchema.isSystemField(field.name) {
                switch field.type {
                case .scalar(.asset): assets[field.name] = false
                case .list(.scalar(.asset)): assets[field.name] = true
                default: if let fieldType = field.type.fieldType { fields[field.name] = fieldType }
                }
            }
            fieldTypes[type.name] = fields
            assetFields[type.name] = assets
            if type.field(named: RecordTypeSchema.recordIDField)?.indexes.contains(.queryable) == true {
                queryable.insert(type.name)
            }
        }
        self.fieldTypes = fieldTypes
        self.assetFields = assetFields
        queryableTypes = queryable
    }

    /// BAD_REQUEST for a write of a record type the schema lacks. The protocol reference gives no
    /// reason text for it; this is the one CloudKit's production environment is reported to give.
    static func unknownType(_ recordType: String) -> String {
        "Cannot create new type \(recordType) in production schema"
    }

    /// BAD_REQUEST for a write of a field the schema's record type lacks.
    static func unknownField(_ field: String, of recordType: String) -> String {
        "Cannot create new field '\(field)' in type '\(recordType)' in production schema"
    }

    /// BAD_REQUEST for a query of a record type whose record name is not indexed (§11).
    static func recordNameNotQueryable(_ recordType: String) -> String {
        "Field 'recordName' is not marked queryable in type '\(recordType)'"
    }
}
