/// The body of `records/lookup`: at most `CloudKitLimits.maxRecordsPerLookup` names.
public struct LookupRequest: Hashable, Sendable, Codable {
    /// One record to fetch: `{"recordName": "101", "desiredKeys": ["title"]}`.
    public struct Entry: Hashable, Sendable, Codable {
        public var recordName: String
        /// Overrides the request's `desiredKeys` for this record.
        public var desiredKeys: [String]?

        public init(recordName: String, desiredKeys: [String]? = nil) {
            self.recordName = recordName
            self.desiredKeys = desiredKeys
        }
    }

    public var records: [Entry]
    /// The default zone when absent.
    public var zoneID: ZoneID?
    public var desiredKeys: [String]?
    public var numbersAsStrings: Bool?

    public init(
        records: [Entry], zoneID: ZoneID? = nil, desiredKeys: [String]? = nil, numbersAsStrings: Bool? = nil
    ) {
        self.records = records
        self.zoneID = zoneID
        self.desiredKeys = desiredKeys
        self.numbersAsStrings = numbersAsStrings
    }

    /// A lookup of `names`, in that order.
    public init(recordNames names: [String], zoneID: ZoneID? = nil, desiredKeys: [String]? = nil) {
        self.init(records: names.map { Entry(recordName: $0) }, zoneID: zoneID, desiredKeys: desiredKeys)
    }
}
