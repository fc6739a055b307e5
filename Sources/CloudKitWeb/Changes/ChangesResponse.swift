/// The answer to `records/changes`: changed records (deleted ones as `{recordName, deleted: true}`),
/// the token to ask from next, and whether more changes are waiting.
package struct ChangesResponse: Hashable, Sendable, Codable {
    package var zoneID: ZoneID
    package var records: [RecordDictionary]
    package var syncToken: String
    package var moreComing: Bool

    package init(zoneID: ZoneID, records: [RecordDictionary], syncToken: String, moreComing: Bool) {
        self.zoneID = zoneID
        self.records = records
        self.syncToken = syncToken
        self.moreComing = moreComing
    }
}
