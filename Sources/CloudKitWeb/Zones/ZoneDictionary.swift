/// A zone as `zones/list` reports it: `{"zoneID": {…}, "syncToken": "…", "atomic": false}`.
package struct ZoneDictionary: Hashable, Sendable, Codable {
    package var zoneID: ZoneID
    package var syncToken: String?
    /// Whether atomic modify requests are all-or-nothing in this zone.
    package var atomic: Bool?

    package init(zoneID: ZoneID, syncToken: String? = nil, atomic: Bool? = nil) {
        self.zoneID = zoneID
        self.syncToken = syncToken
        self.atomic = atomic
    }
}
