/// A zone ID dictionary: `{"zoneName": "_defaultZone", "ownerRecordName": "_abc…"}`.
///
/// Decoding also accepts `ownerName` (MistKit's spelling); encoding always writes Apple's
/// `ownerRecordName`.
public struct ZoneID: Hashable, Sendable, Codable {
    /// The database's default zone, `_defaultZone`.
    public static let defaultZone = ZoneID(zoneName: defaultZoneName)
    /// `_defaultZone`.
    public static let defaultZoneName = "_defaultZone"

    public var zoneName: String
    /// The zone owner's user record name; `nil` means the current user.
    public var ownerRecordName: String?

    public init(zoneName: String, ownerRecordName: String? = nil) {
        self.zoneName = zoneName
        self.ownerRecordName = ownerRecordName
    }

    /// Whether this is the database's default zone.
    public var isDefaultZone: Bool { zoneName == Self.defaultZoneName }

    private enum CodingKeys: String, CodingKey {
        case zoneName, ownerRecordName, ownerName
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        zoneName = try container.decode(String.self, forKey: .zoneName)
        ownerRecordName =
            try container.decodeIfPresent(String.self, forKey: .ownerRecordName)
            ?? container.decodeIfPresent(String.self, forKey: .ownerName)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(zoneName, forKey: .zoneName)
        try container.encodeIfPresent(ownerRecordName, forKey: .ownerRecordName)
    }
}
