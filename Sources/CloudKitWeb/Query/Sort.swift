/// One sort descriptor: `{"fieldName": "title", "ascending": true}`. `ascending` defaults to true.
package struct Sort: Hashable, Sendable, Codable {
    package var fieldName: String
    package var ascending: Bool
    /// For sorting a LOCATION field by distance from this location.
    package var relativeLocation: LocationDictionary?

    package init(fieldName: String, ascending: Bool = true, relativeLocation: LocationDictionary? = nil) {
        self.fieldName = fieldName
        self.ascending = ascending
        self.relativeLocation = relativeLocation
    }

    private enum CodingKeys: String, CodingKey {
        case fieldName, ascending, relativeLocation
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fieldName = try container.decode(String.self, forKey: .fieldName)
        ascending = try container.decodeIfPresent(Bool.self, forKey: .ascending) ?? true
        relativeLocation = try container.decodeIfPresent(LocationDictionary.self, forKey: .relativeLocation)
    }
}
