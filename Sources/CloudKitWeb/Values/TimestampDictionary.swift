/// When and by whom a record was created or last modified: `{timestamp, userRecordName, deviceID}`.
package struct TimestampDictionary: Hashable, Sendable, Codable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    package var timestamp: Int64
    package var userRecordName: String?
    package var deviceID: String?

    package init(timestamp: Int64, userRecordName: String? = nil, deviceID: String? = nil) {
        self.timestamp = timestamp
        self.userRecordName = userRecordName
        self.deviceID = deviceID
    }
}
