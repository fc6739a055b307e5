import Foundation

/// Encodes the store's continuation markers and sync tokens: base64url of a small JSON value.
/// Opaque to clients, checked when they come back.
enum OpaqueToken {
    static func encode<Payload: Encodable>(_ payload: Payload) -> String {
        let encoder = JSONEncoder()
        // Sorted keys: the same position always gives the same token.
        encoder.outputFormatting = .sortedKeys
        let json = (try? encoder.encode(payload)) ?? Data()
        return json.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The payload, or `nil` for text this store did not write.
    static func decode<Payload: Decodable>(_ text: String, as type: Payload.Type) -> Payload? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let json = Data(base64Encoded: base64) else { return nil }
        return try? JSONDecoder().decode(Payload.self, from: json)
    }
}

/// A `records/changes` sync token: every change of `zone` up to `change` has been seen.
struct SyncToken: Codable, Hashable {
    var zone: String
    var change: Int64

    var encoded: String { OpaqueToken.encode(self) }
}
