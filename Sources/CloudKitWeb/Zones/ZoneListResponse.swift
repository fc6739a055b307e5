/// The answer to `zones/list` (GET, empty body).
package struct ZoneListResponse: Hashable, Sendable, Codable {
    package var zones: [ZoneDictionary]

    package init(zones: [ZoneDictionary]) { self.zones = zones }
}
