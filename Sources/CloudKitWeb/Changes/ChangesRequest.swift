/// The body of `records/changes`: what changed in a zone since `syncToken`.
public struct ChangesRequest: Hashable, Sendable, Codable {
    public var zoneID: ZoneID
    /// The token of the previous response; absent for every change since the zone was created.
    public var syncToken: String?
    /// At most this many records per response (at most `CloudKitLimits.maxResultsPerPage`).
    public var resultsLimit: Int?
    public var desiredKeys: [String]?
    /// Only records of these types; every type when absent.
    public var desiredRecordTypes: [String]?

    public init(
        zoneID: ZoneID = .defaultZone, syncToken: String? = nil, resultsLimit: Int? = nil,
        desiredKeys: [String]? = nil, desiredRecordTypes: [String]? = nil
    ) {
        self.zoneID = zoneID
        self.syncToken = syncToken
        self.resultsLimit = resultsLimit
        self.desiredKeys = desiredKeys
        self.desiredRecordTypes = desiredRecordTypes
    }
}
