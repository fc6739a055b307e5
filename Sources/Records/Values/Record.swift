/// One CloudKit record: its type, its name and its typed fields.
///
/// A plain value without I/O. recordChangeTag and timestamps are server state and are never
/// part of a `Record`, so two records with the same content are equal wherever they came from.
public struct Record: Hashable, Sendable {
    /// The CloudKit record type.
    public var type: String
    /// The record name, unique within its type's source.
    public var name: String
    /// The fields the record has, by CloudKit field name; an absent field is not a key.
    public var fields: [String: FieldValue]

    /// A record of `type` named `name` with `fields`.
    public init(type: String, name: String, fields: [String: FieldValue]) {
        self.type = type
        self.name = name
        self.fields = fields
    }
}

/// A record already in its canonical JSON form (the bytes of its snapshot blob).
public struct EncodedRecord: Sendable, Hashable {
    /// The record name.
    public var name: String
    /// The record's canonical JSON (`CanonicalJSON.encode`), as the snapshot stores it.
    public var blob: [UInt8]

    /// A record named `name` whose canonical JSON is `blob`.
    public init(name: String, blob: [UInt8]) {
        self.name = name
        self.blob = blob
    }
}
