import Foundation

extension ModifyRequest {
    /// Reads a `records/modify` body straight from its bytes, giving the values `JSONDecoder`
    /// gives (see `WireJSONReader` for the few malformed documents only `JSONDecoder` accepts).
    /// `JSONDecoder` was half of `cksync serve`'s time on a push.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose coding path and description say where and
    ///   what: `operations[3].operationType`, `byte 1234: unknown operationType "upsert"`.
    package init(json data: Data) throws {
        self = try WireJSONReader.read(data) { try $0.readModifyRequest() }
    }
}

extension WireJSONReader {
    mutating func readModifyRequest() throws -> ModifyRequest {
        var operations: [RecordOperation]?
        var request = ModifyRequest(operations: [])
        try readMembers(Self.modifyRequestKeys) { reader, index in
            switch index {
            case 0: operations = try reader.readArray { try $0.readRecordOperation() }
            case 1: request.zoneID = try reader.readNull() ? nil : reader.readZoneID()
            case 2: request.atomic = try reader.readNull() ? nil : reader.readBool()
            case 3: request.desiredKeys = try reader.readNull() ? nil : reader.readArray { try $0.readString() }
            default: request.numbersAsStrings = try reader.readNull() ? nil : reader.readBool()
            }
        }
        guard let operations else {
            throw failure("missing key \"operations\"").under(JSONPathKey(stringValue: "operations"))
        }
        request.operations = operations
        return request
    }

    mutating func readRecordOperation() throws -> RecordOperation {
        var operationType: OperationType?
        var record: RecordDictionary?
        var desiredKeys: [String]?
        try readMembers(Self.operationKeys) { reader, index in
            switch index {
            case 0:
                let start = reader.position
                let text = try reader.readString()
                guard let type = OperationType(rawValue: text) else {
                    throw reader.failure("unknown operationType \(text.debugDescription)", at: start)
                }
                operationType = type
            case 1: record = try reader.readRecordDictionary()
            default: desiredKeys = try reader.readNull() ? nil : reader.readArray { try $0.readString() }
            }
        }
        guard let operationType else {
            throw failure("missing key \"operationType\"").under(JSONPathKey(stringValue: "operationType"))
        }
        guard let record else { throw failure("missing key \"record\"").under(JSONPathKey(stringValue: "record")) }
        return RecordOperation(operationType, record: record, desiredKeys: desiredKeys)
    }

    static let modifyRequestKeys: [StaticString] = [
        "operations", "zoneID", "atomic", "desiredKeys", "numbersAsStrings",
    ]
    static let operationKeys: [StaticString] = ["operationType", "record", "desiredKeys"]
}
