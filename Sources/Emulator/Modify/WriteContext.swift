import CloudKitWeb

/// What every write of one request shares: who writes, and when.
struct WriteContext: Sendable {
    let userRecordName: String
    let deviceID: String
    /// Milliseconds since 1970, one instant for the whole request.
    let now: Int64

    init(store: EmulatorStore, now: Int64) {
        userRecordName = store.userRecordName
        deviceID = store.deviceID
        self.now = now
    }

    var timestamp: TimestampDictionary {
        TimestampDictionary(timestamp: now, userRecordName: userRecordName, deviceID: deviceID)
    }
}
