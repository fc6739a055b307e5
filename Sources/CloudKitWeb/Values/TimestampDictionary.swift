/// When and by whom a record was created or last modified: `{timestamp, userRecordName, deviceID}`.
public struct TimestampDictionary: Hashable, Sendable, Codable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var timestamp: Int64
    public var userRecordName: String?
    public var deviceID: String?

    public init(timestamp: Int64, userRecordName: String? = nil, deviceID: String? = nil) {
        self.timestamp = timestamp
        self.userRecordName = userRecordName
        self.deviceID = deviceID
    }
}
