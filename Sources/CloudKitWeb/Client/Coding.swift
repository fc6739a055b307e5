import Foundation

/// The shared JSON coders (both are thread-safe; reused to keep per-request setup small).
enum Coding {
    static let encoder = JSONEncoder()
    static let decoder = JSONDecoder()

    /// `decoder` as a function, for `send`'s `decode`.
    static func decode<Value: Decodable>(_ data: Data) throws -> Value {
        try decoder.decode(Value.self, from: data)
    }

    /// ISO 8601 UTC with seconds precision, `2016-01-25T22:15:43Z`: `RequestSignature.dateString`'s
    /// format, as a reusable value.
    static let dateStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
}
