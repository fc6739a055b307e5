/// The answer to `zones/list` (GET, empty body).
public struct ZoneListResponse: Hashable, Sendable, Codable {
    public var zones: [ZoneDictionary]

    public init(zones: [ZoneDictionary]) { self.zones = zones }
}
