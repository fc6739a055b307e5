/// A zone ID dictionary: `{"zoneName": "_defaultZone", "ownerRecordName": "_abc…"}`.
///
/// Decoding also accepts `ownerName` (MistKit's spelling); encoding always writes Apple's
/// `ownerRecordName`.
package struct ZoneID: Hashable, Sendable, Codable {
    /// The database's default zone, `_defaultZone`.
    package static let defaultZone = ZoneID(zoneName: defaultZoneName)
    /// `_defaultZone`.
    package static let defaultZoneName = "_defaultZone"

    package var zoneName: String
    /// The zone owner's user record name; `nil` means the current user.
    package var ownerRecordName: String?

    package init(zoneName: String, ownerRecordName: String? = nil) {
        self.zoneName = zoneName
        self.ownerRecordName = ownerRecordName
    }

    /// Whether this is the database's default zone.
    package var isDefaultZone: Bool { zoneName == Self.defaultZoneName }

    private enum CodingKeys: String, CodingKey {
        case zoneName, ownerRecordName, ownerName
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        zoneName = try container.decode(String.self, forKey: .zoneName)
        ownerRecordName =
            try container.decodeIfPresent(String.self, forKey: .ownerRecordName)
            ?? container.decodeIfPresent(String.self, forKey: .ownerName)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(zoneName, forKey: .zoneName)
        try container.encodeIfPresent(ownerRecordName, forKey: .ownerRecordName)
    }
}
