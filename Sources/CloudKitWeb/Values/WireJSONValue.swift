/// Any JSON value, as a field's `value` carries it on the wire.
///
/// Integers are kept as `Int64` and never pass through `Double`, so INT64 and TIMESTAMP values are
/// exact over their whole range. Decoding with Foundation's `JSONDecoder` reads a number as
/// `.integer` whenever it is an integral value that fits in `Int64` (the decoder does not expose
/// whether the text was `3` or `3.0`), and as `.double` otherwise; a field's `type` or the
/// schema decides what such a number means.
package enum WireJSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([WireJSONValue])
    case object([String: WireJSONValue])

    /// The member `key` of an object; `nil` for a missing member or a value that is not an object.
    package subscript(key: String) -> WireJSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// A number as a double (integers converted); `nil` for anything else.
    package var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// A short name of the JSON shape, for error messages: "a string", "an integer", …
    package var shapeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension WireJSONValue: Codable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Most common kinds first: every miss is a thrown error, and errors are not cheap.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode([String: WireJSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([WireJSONValue].self) {
            self = .array(value)
        } else {
            self = .bool(try container.decode(Bool.self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension WireJSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int64) { self = .integer(value) }
    package init(floatLiteral value: Double) { self = .double(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: WireJSONValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, WireJSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    package init(nilLiteral: ()) { self = .null }
}
