/// The body of `records/modify`: at most `CloudKitLimits.maxOperationsPerRequest` operations,
/// applied in order.
package struct ModifyRequest: Hashable, Sendable, Codable {
    package var operations: [RecordOperation]
    /// The zone of every operation; the default zone when absent.
    package var zoneID: ZoneID?
    /// All-or-nothing; only in zones that support it (custom zones), no effect elsewhere.
    package var atomic: Bool?
    /// Fields to echo back in the result records; `nil` echoes every field.
    package var desiredKeys: [String]?
    package var numbersAsStrings: Bool?

    package init(
        operations: [RecordOperation], zoneID: ZoneID? = nil, atomic: Bool? = nil, desiredKeys: [String]? = nil,
        numbersAsStrings: Bool? = nil
    ) {
        self.operations = operations
        self.zoneID = zoneID
        self.atomic = atomic
        self.desiredKeys = desiredKeys
        self.numbersAsStrings = numbersAsStrings
    }
}
