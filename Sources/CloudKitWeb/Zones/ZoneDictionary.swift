/// A zone as `zones/list` reports it: `{"zoneID": {…}, "syncToken": "…", "atomic": false}`.
public struct ZoneDictionary: Hashable, Sendable, Codable {
    public var zoneID: ZoneID
    public var syncToken: String?
    /// Whether atomic modify requests are all-or-nothing in this zone.
    public var atomic: Bool?

    public init(zoneID: ZoneID, syncToken: String? = nil, atomic: Bool? = nil) {
        self.zoneID = zoneID
        self.syncToken = syncToken
        self.atomic = atomic
    }
}
