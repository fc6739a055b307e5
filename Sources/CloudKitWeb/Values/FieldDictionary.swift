/// A record field dictionary: `{"value": …, "type": "…"}`.
///
/// `type` is optional in requests (the server infers it from its schema or the JSON shape) and
/// always present in what cksync sends and what its server answers.
package struct FieldDictionary: Hashable, Sendable, Codable {
    package var value: WireJSONValue
    package var type: WireFieldType?

    package init(value: WireJSONValue, type: WireFieldType? = nil) {
        self.value = value
        self.type = type
    }

    private enum CodingKeys: String, CodingKey {
        case value
        case type
    }

    /// Decodes `value` straight as the scalar its `type` names. The generic `WireJSONValue` decoding
    /// tries one JSON kind after another, and each miss is a thrown error: on a record's worth of
    /// fields that was most of the time a server spent reading a request.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(WireFieldType.self, forKey: .type)
        value = try Self.decodeValue(in: container, type: type)
    }

    private static func decodeValue(in container: KeyedDecodingContainer<CodingKeys>, type: WireFieldType?) throws
        -> WireJSONValue
    {
        switch type {
        case WireFieldType.string, WireFieldType.bytes:
            if let text = try? container.decode(String.self, forKey: .value) { return .string(text) }
        case WireFieldType.int64, WireFieldType.timestamp:
            if let number = try? container.decode(Int64.self, forKey: .value) { return .integer(number) }
        case WireFieldType.double:
            if let number = try? container.decode(Double.self, forKey: .value) { return .double(number) }
        case WireFieldType.location:
            if let members = try? container.decode([String: Double].self, forKey: .value) {
                return .object(members.mapValues { .double($0) })
            }
        case WireFieldType.stringList, WireFieldType.bytesList:
            if let texts = try? container.decode([String].self, forKey: .value) { return .array(texts.map { .string($0) }) }
        case WireFieldType.int64List, WireFieldType.timestampList:
            if let numbers = try? container.decode([Int64].self, forKey: .value) {
                return .array(numbers.map { .integer($0) })
            }
        case WireFieldType.doubleList:
            if let numbers = try? container.decode([Double].self, forKey: .value) {
                return .array(numbers.map { .double($0) })
            }
        default:
            break
        }
        return try container.decode(WireJSONValue.self, forKey: .value)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(type, forKey: .type)
    }
}
