/// The body of `records/lookup`: at most `CloudKitLimits.maxRecordsPerLookup` names.
package struct LookupRequest: Hashable, Sendable, Codable {
    /// One record to fetch: `{"recordName": "101", "desiredKeys": ["title"]}`.
    package struct Entry: Hashable, Sendable, Codable {
        package var recordName: String
        /// Overrides the request's `desiredKeys` for this record.
        package var desiredKeys: [String]?

        package init(recordName: String, desiredKeys: [String]? = nil) {
            self.recordName = recordName
            self.desiredKeys = desiredKeys
        }
    }

    package var records: [Entry]
    /// The default zone when absent.
    package var zoneID: ZoneID?
    package var desiredKeys: [String]?
    package var numbersAsStrings: Bool?

    package init(
        records: [Entry], zoneID: ZoneID? = nil, desiredKeys: [String]? = nil, numbersAsStrings: Bool? = nil
    ) {
        self.records = records
        self.zoneID = zoneID
        self.desiredKeys = desiredKeys
        self.numbersAsStrings = numbersAsStrings
    }

    /// A lookup of `names`, in that order.
    package init(recordNames names: [String], zoneID: ZoneID? = nil, desiredKeys: [String]? = nil) {
        self.init(records: names.map { Entry(recordName: $0) }, zoneID: zoneID, desiredKeys: desiredKeys)
    }
}
