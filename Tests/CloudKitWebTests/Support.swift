import CloudKitWeb
import Foundation

/// Decodes `text` as a `T`.
func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(text.utf8))
}

/// Encodes `value` with sorted keys, as text.
func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// The JSON of `text` as a value, to compare documents whatever their key order and spacing.
func json(_ text: String) throws -> WireJSONValue {
    try decode(WireJSONValue.self, text)
}
