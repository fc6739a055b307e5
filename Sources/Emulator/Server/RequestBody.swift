import CloudKitWeb
import Foundation
import Hummingbird

/// Decodes a request body as JSON, whatever its Content-Type says (Apple's own samples send
/// `text/plain`), from the bytes the authentication middleware already read.
enum RequestBody {
    static func decode<Value: Decodable>(_ type: Value.Type, from request: Request, operation: String) async throws
        -> Value
    {
        try await read(from: request, operation: operation) { try JSONDecoder().decode(Value.self, from: $0) }
    }

    /// As `decode`, with a hand-written reader (`ModifyRequest(json:)`) in place of `JSONDecoder`.
    static func read<Value>(from request: Request, operation: String, with read: (Data) throws -> Value) async throws
        -> Value
    {
        let buffer = try await request.body.collect(upTo: ServerConfiguration.maxRequestBodyBytes)
        guard buffer.readableBytes > 0 else {
            throw CloudKitHTTPError(.badRequest, "\(operation): the request body is empty; expected a JSON object")
        }
        do {
            return try read(Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw CloudKitHTTPError(.badRequest, "\(operation): \(describe(error))")
        } catch {
            throw CloudKitHTTPError(.badRequest, "\(operation): the request body is not valid JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty
                ? "the body"
                : codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                    .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the request body is not valid JSON"
        case .dataCorrupted(let context):
            return "invalid value at \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' in \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "the request body does not match the operation"
        }
    }
}
