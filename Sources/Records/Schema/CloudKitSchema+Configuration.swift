extension CloudKitSchema {
    /// The schema the configured record types need: per type, the system fields (`___recordID`
    /// QUERYABLE), each configured field with its CloudKit type and the indexes cksync.toml asks
    /// for, and the configured grants; roles the grants name that CloudKit does not define are
    /// created.
    public init(configuration: WorkspaceConfiguration) {
        let grants = configuration.schemaGrants
        roles = grants.map(\.role).filter { !SchemaGrant.isBuiltIn(role: $0) }
        recordTypes = configuration.types.map { type in
            RecordTypeSchema(
                name: type.name,
                fields: RecordTypeSchema.systemFields
                    + type.fields.map {
                        FieldSchema(name: $0.name, type: SchemaFieldType($0.type), indexes: $0.indexes)
                    },
                grants: grants)
        }
    }
}
