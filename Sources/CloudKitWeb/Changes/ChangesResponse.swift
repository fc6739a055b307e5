/// The answer to `records/changes`: changed records (deleted ones as `{recordName, deleted: true}`),
/// the token to ask from next, and whether more changes are waiting.
public struct ChangesResponse: Hashable, Sendable, Codable {
    public var zoneID: ZoneID
    public var records: [RecordDictionary]
    public var syncToken: String
    public var moreComing: Bool

    public init(zoneID: ZoneID, records: [RecordDictionary], syncToken: String, moreComing: Bool) {
        self.zoneID = zoneID
        self.records = records
        self.syncToken = syncToken
        self.moreComing = moreComing
    }
}
