/// A record dictionary, in requests and responses (protocol §3.2).
///
/// In a request only `recordName`, `recordType`, `recordChangeTag` and `fields` matter; the server
/// fills `created`, `modified` and `zoneID`, and `deleted` marks a deleted record in
/// `records/changes` and delete results (`{"recordName": "old-1", "deleted": true}`).
public struct RecordDictionary: Hashable, Sendable, Codable {
    public var recordName: String
    public var recordType: String?
    public var recordChangeTag: String?
    public var fields: [String: FieldDictionary]?
    public var created: TimestampDictionary?
    public var modified: TimestampDictionary?
    public var deleted: Bool?
    public var zoneID: ZoneID?

    public init(
        recordName: String, recordType: String? = nil, recordChangeTag: String? = nil,
        fields: [String: FieldDictionary]? = nil, created: TimestampDictionary? = nil,
        modified: TimestampDictionary? = nil, deleted: Bool? = nil, zoneID: ZoneID? = nil
    ) {
        self.recordName = recordName
        self.recordType = recordType
        self.recordChangeTag = recordChangeTag
        self.fields = fields
        self.created = created
        self.modified = modified
        self.deleted = deleted
        self.zoneID = zoneID
    }

    /// A deleted record as delete results and `records/changes` report it.
    public static func deletion(_ recordName: String) -> RecordDictionary {
        RecordDictionary(recordName: recordName, deleted: true)
    }

    /// Whether this dictionary reports a deleted record.
    public var isDeleted: Bool { deleted == true }

    /// A copy keeping only the fields named in `desiredKeys`; `nil` keeps every field.
    public func filtered(to desiredKeys: [String]?) -> RecordDictionary {
        guard let desiredKeys, let fields else { return self }
        var copy = self
        copy.fields = fields.filter { desiredKeys.contains($0.key) }
        return copy
    }
}
