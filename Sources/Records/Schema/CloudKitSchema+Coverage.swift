extension CloudKitSchema {
    /// What this schema (one exported from CloudKit) lacks of `required` (the configuration's
    /// schema): record types, fields, field types that do not hold the configured values, the
    /// QUERYABLE `___recordID` index, configured indexes and grants. Empty when this schema
    /// covers the configuration; types and fields the configuration does not use are fine.
    public func differences(from required: CloudKitSchema) -> [SchemaDifference] {
        var differences: [SchemaDifference] = []
        for needed in required.recordTypes {
            guard let type = recordType(named: needed.name) else {
                differences.append(SchemaDifference(kind: .missingRecordType, recordType: needed.name))
                continue
            }
            if type.field(named: RecordTypeSchema.recordIDField)?.indexes.contains(.queryable) != true {
                differences.append(SchemaDifference(kind: .recordNameNotQueryable, recordType: needed.name))
            }
            for field in needed.fields where !RecordTypeSchema.isSystemField(field.name) {
                guard let present = type.field(named: field.name) else {
                    differences.append(
                        SchemaDifference(
                            kind: .missingField, recordType: needed.name, field: field.name,
                            expected: field.type.description))
                    continue
                }
                guard present.type.accepts(field.type) else {
                    differences.append(
                        SchemaDifference(
                            kind: .typeMismatch, recordType: needed.name, field: field.name,
                            expected: field.type.description, found: present.type.description))
                    continue
                }
                for index in field.indexes where !present.indexes.contains(index) {
                    differences.append(
                        SchemaDifference(
                            kind: .missingIndex, recordType: needed.name, field: field.name, expected: index.rawValue))
                }
            }
            for grant in needed.grants {
                let granted = Set(type.grants.filter { $0.role == grant.role }.flatMap(\.permissions))
                for permission in grant.permissions where !granted.contains(permission) {
                    differences.append(
                        SchemaDifference(
                            kind: .missingGrant, recordType: needed.name,
                            expected: "\(permission.rawValue) TO \(CloudKitSchema.quoted(grant.role))"))
                }
            }
        }
        return differences
    }
}
