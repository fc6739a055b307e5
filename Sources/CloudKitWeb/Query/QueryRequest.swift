/// The body of `records/query`: records of one type, filtered and sorted, one page at a time.
public struct QueryRequest: Hashable, Sendable, Codable {
    /// The zone to search; the default zone when absent.
    public var zoneID: ZoneID?
    /// At most this many records per page; the default and the maximum is
    /// `CloudKitLimits.maxResultsPerPage`.
    public var resultsLimit: Int?
    public var query: Query
    /// The marker of the previous page, sent with the otherwise same request for the next one.
    public var continuationMarker: String?
    public var desiredKeys: [String]?
    public var zoneWide: Bool?
    public var numbersAsStrings: Bool?

    public init(
        query: Query, zoneID: ZoneID? = nil, resultsLimit: Int? = nil, continuationMarker: String? = nil,
        desiredKeys: [String]? = nil, zoneWide: Bool? = nil, numbersAsStrings: Bool? = nil
    ) {
        self.zoneID = zoneID
        self.resultsLimit = resultsLimit
        self.query = query
        self.continuationMarker = continuationMarker
        self.desiredKeys = desiredKeys
        self.zoneWide = zoneWide
        self.numbersAsStrings = numbersAsStrings
    }
}

/// What a query selects: `{"recordType": "Artwork", "filterBy": […], "sortBy": […]}`.
public struct Query: Hashable, Sendable, Codable {
    public var recordType: String
    /// Filters, all of which a record must pass.
    public var filterBy: [Filter]?
    public var sortBy: [Sort]?

    public init(recordType: String, filterBy: [Filter]? = nil, sortBy: [Sort]? = nil) {
        self.recordType = recordType
        self.filterBy = filterBy
        self.sortBy = sortBy
    }
}
