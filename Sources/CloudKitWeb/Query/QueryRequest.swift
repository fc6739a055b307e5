/// The body of `records/query`: records of one type, filtered and sorted, one page at a time.
package struct QueryRequest: Hashable, Sendable, Codable {
    /// The zone to search; the default zone when absent.
    package var zoneID: ZoneID?
    /// At most this many records per page; the default and the maximum is
    /// `CloudKitLimits.maxResultsPerPage`.
    package var resultsLimit: Int?
    package var query: Query
    /// The marker of the previous page, sent with the otherwise same request for the next one.
    package var continuationMarker: String?
    package var desiredKeys: [String]?
    package var zoneWide: Bool?
    package var numbersAsStrings: Bool?

    package init(
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
package struct Query: Hashable, Sendable, Codable {
    package var recordType: String
    /// Filters, all of which a record must pass.
    package var filterBy: [Filter]?
    package var sortBy: [Sort]?

    package init(recordType: String, filterBy: [Filter]? = nil, sortBy: [Sort]? = nil) {
        self.recordType = recordType
        self.filterBy = filterBy
        self.sortBy = sortBy
    }
}
