import CloudKitWeb

/// What every write of one request shares: who writes, and when.
struct WriteContext: Sendable {
    let userRecordName: String
    let deviceID: String
    /// The database's namespace in the store file (`EmulatorStore.namespace`).
    let namespace: String
    /// Milliseconds since 1970, one instant for the whole request.
    let now: Int64
    /// The schema writes cannot extend, when the database has one (`EmulatorStore.fixedSchema`).
    let fixedSchema: FixedSchema?
    /// Where the asset URLs of the answers point (`EmulatorStore.assetBase`).
    let assetBase: String

    init(store: EmulatorStore, now: Int64) {
        userRecordName = store.userRecordName
        deviceID = store.deviceID
        namespace = store.namespace
        fixedSchema = store.fixedSchema
        assetBase = store.assetBase
        self.now = now
    }

    var timestamp: TimestampDictionary {
        TimestampDictionary(timestamp: now, userRecordName: userRecordName, deviceID: deviceID)
    }
}
