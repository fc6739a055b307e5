/// The body of `records/modify`: at most `CloudKitLimits.maxOperationsPerRequest` operations,
/// applied in order.
public struct ModifyRequest: Hashable, Sendable, Codable {
    public var operations: [RecordOperation]
    /// The zone of every operation; the default zone when absent.
    public var zoneID: ZoneID?
    /// All-or-nothing; only in zones that support it (custom zones), no effect elsewhere.
    public var atomic: Bool?
    /// Fields to echo back in the result records; `nil` echoes every field.
    public var desiredKeys: [String]?
    public var numbersAsStrings: Bool?

    public init(
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
