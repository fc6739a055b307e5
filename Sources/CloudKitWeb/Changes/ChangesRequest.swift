/// The body of `records/changes`: what changed in a zone since `syncToken`.
package struct ChangesRequest: Hashable, Sendable, Codable {
    package var zoneID: ZoneID
    /// The token of the previous response; absent for every change since the zone was created.
    package var syncToken: String?
    /// At most this many records per response (at most `CloudKitLimits.maxResultsPerPage`).
    package var resultsLimit: Int?
    package var desiredKeys: [String]?
    /// Only records of these types; every type when absent.
    package var desiredRecordTypes: [String]?

    package init(
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
