/// A record dictionary, in requests and responses (protocol §3.2).
///
/// In a request only `recordName`, `recordType`, `recordChangeTag` and `fields` matter; the server
/// fills `created`, `modified` and `zoneID`, and `deleted` marks a deleted record in
/// `records/changes` and delete results (`{"recordName": "old-1", "deleted": true}`).
///
/// `recordName` is optional on the wire only for `create` (the server then picks a UUID): an
/// absent one decodes as `""`, and `""` is left out when encoding.
package struct RecordDictionary: Hashable, Sendable, Codable {
    /// The record's name; `""` for a create that lets the server pick one.
    package var recordName: String
    package var recordType: String?
    package var recordChangeTag: String?
    package var fields: [String: FieldDictionary]?
    package var created: TimestampDictionary?
    package var modified: TimestampDictionary?
    package var deleted: Bool?
    package var zoneID: ZoneID?

    package init(
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
    package static func deletion(_ recordName: String) -> RecordDictionary {
        RecordDictionary(recordName: recordName, deleted: true)
    }

    /// Whether this dictionary reports a deleted record.
    package var isDeleted: Bool { deleted == true }

    private enum CodingKeys: String, CodingKey {
        case recordName, recordType, recordChangeTag, fields, created, modified, deleted, zoneID
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recordName = try container.decodeIfPresent(String.self, forKey: .recordName) ?? ""
        recordType = try container.decodeIfPresent(String.self, forKey: .recordType)
        recordChangeTag = try container.decodeIfPresent(String.self, forKey: .recordChangeTag)
        fields = try container.decodeIfPresent([String: FieldDictionary].self, forKey: .fields)
        created = try container.decodeIfPresent(TimestampDictionary.self, forKey: .created)
        modified = try container.decodeIfPresent(TimestampDictionary.self, forKey: .modified)
        deleted = try container.decodeIfPresent(Bool.self, forKey: .deleted)
        zoneID = try container.decodeIfPresent(ZoneID.self, forKey: .zoneID)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !recordName.isEmpty { try container.encode(recordName, forKey: .recordName) }
        try container.encodeIfPresent(recordType, forKey: .recordType)
        try container.encodeIfPresent(recordChangeTag, forKey: .recordChangeTag)
        try container.encodeIfPresent(fields, forKey: .fields)
        try container.encodeIfPresent(created, forKey: .created)
        try container.encodeIfPresent(modified, forKey: .modified)
        try container.encodeIfPresent(deleted, forKey: .deleted)
        try container.encodeIfPresent(zoneID, forKey: .zoneID)
    }

    /// A copy keeping only the fields named in `desiredKeys`; `nil` keeps every field.
    package func filtered(to desiredKeys: [String]?) -> RecordDictionary {
        guard let desiredKeys, let fields else { return self }
        var copy = self
        copy.fields = fields.filter { desiredKeys.contains($0.key) }
        return copy
    }
}
