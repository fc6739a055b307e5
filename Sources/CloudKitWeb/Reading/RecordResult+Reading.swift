import Foundation

extension ModifyResponse {
    /// Reads a `records/modify` answer straight from its bytes, giving the values `JSONDecoder`
    /// gives (see `WireJSONReader` for the few malformed documents only `JSONDecoder` accepts).
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming where and what, as `QueryResponse(json:)`.
    package init(json data: Data) throws {
        self.init(records: try WireJSONReader.read(data) { try $0.readRecordResults() })
    }
}

extension LookupResponse {
    /// Reads a `records/lookup` answer straight from its bytes, as `ModifyResponse(json:)`.
    package init(json data: Data) throws {
        self.init(records: try WireJSONReader.read(data) { try $0.readRecordResults() })
    }
}

extension WireJSONReader {
    /// `{"records": [result, …]}`.
    mutating func readRecordResults() throws -> [RecordResult] {
        var records: [RecordResult]?
        try readMembers(Self.resultsKeys) { reader, _ in records = try reader.readArray { try $0.readRecordResult() } }
        guard let records else { throw failure("missing key \"records\"").under(JSONPathKey(stringValue: "records")) }
        return records
    }

    /// As `RecordResult`'s `Decodable` conformance: an error when the object has a
    /// `serverErrorCode` member at all, null included; a record otherwise.
    mutating func readRecordResult() throws -> RecordResult {
        let start = mark()
        var isError = false
        try beginObject()
        var first = true
        while let key = try nextKey(first: &first) {
            if index(of: key, in: Self.errorCodeKey) != nil { isError = true }
            try skipValue()
        }
        reset(to: start)
        return isError ? .error(try readRecordError()) : .record(try readRecordDictionary())
    }

    mutating func readRecordError() throws -> RecordError {
        var code: ServerErrorCode?
        var error = RecordError(recordName: nil, serverErrorCode: .internalError, uuid: nil)
        try readMembers(Self.recordErrorKeys) { reader, index in
            switch index {
            case 0: error.recordName = try reader.readOptionalString()
            case 1: error.reason = try reader.readOptionalString()
            case 2: code = ServerErrorCode(rawValue: try reader.readString())
            case 3: error.retryAfter = try reader.readNull() ? nil : reader.readDouble()
            case 4: error.uuid = try reader.readOptionalString()
            default: error.redirectURL = try reader.readOptionalString()
            }
        }
        guard let code else {
            throw failure("missing key \"serverErrorCode\"").under(JSONPathKey(stringValue: "serverErrorCode"))
        }
        error.serverErrorCode = code
        return error
    }

    /// A number, as `JSONDecoder` decodes a `Double`.
    mutating func readDouble() throws -> Double {
        switch try peek() {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try scanNumber()
            guard let value = double(token) else {
                throw failure("the number \(text(token)) is not a double", at: token.start)
            }
            return value
        default:
            throw mismatch(expected: "a number")
        }
    }

    static let resultsKeys: [StaticString] = ["records"]
    static let errorCodeKey: [StaticString] = ["serverErrorCode"]
    static let recordErrorKeys: [StaticString] = [
        "recordName", "reason", "serverErrorCode", "retryAfter", "uuid", "redirectURL",
    ]
}
