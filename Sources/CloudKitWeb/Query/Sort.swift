/// One sort descriptor: `{"fieldName": "title", "ascending": true}`. `ascending` defaults to true.
public struct Sort: Hashable, Sendable, Codable {
    public var fieldName: String
    public var ascending: Bool
    /// For sorting a LOCATION field by distance from this location.
    public var relativeLocation: LocationDictionary?

    public init(fieldName: String, ascending: Bool = true, relativeLocation: LocationDictionary? = nil) {
        self.fieldName = fieldName
        self.ascending = ascending
        self.relativeLocation = relativeLocation
    }

    private enum CodingKeys: String, CodingKey {
        case fieldName, ascending, relativeLocation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fieldName = try container.decode(String.self, forKey: .fieldName)
        ascending = try container.decodeIfPresent(Bool.self, forKey: .ascending) ?? true
        relativeLocation = try container.decodeIfPresent(LocationDictionary.self, forKey: .relativeLocation)
    }
}
