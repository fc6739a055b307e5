/// A record field dictionary: `{"value": …, "type": "…"}`.
///
/// `type` is optional in requests (the server infers it from its schema or the JSON shape) and
/// always present in what cksync sends and what its server answers.
public struct FieldDictionary: Hashable, Sendable, Codable {
    public var value: JSONValue
    public var type: WireFieldType?

    public init(value: JSONValue, type: WireFieldType? = nil) {
        self.value = value
        self.type = type
    }
}
