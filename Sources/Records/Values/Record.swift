/// One CloudKit record: its type, its name and its typed fields.
///
/// A plain value without I/O. recordChangeTag and timestamps are server state and are never
/// part of a `Record`, so two records with the same content are equal wherever they came from.
public struct Record: Hashable, Sendable {
    public var type: String
    public var name: String
    public var fields: [String: FieldValue]

    public init(type: String, name: String, fields: [String: FieldValue]) {
        self.type = type
        self.name = name
        self.fields = fields
    }
}

/// A record already in its canonical JSON form (the bytes of its snapshot blob).
public struct EncodedRecord: Sendable, Hashable {
    public var name: String
    public var blob: [UInt8]

    public init(name: String, blob: [UInt8]) {
        self.name = name
        self.blob = blob
    }
}
