extension ModifyRequest {
    /// This request as `JSONEncoder` writes it (the order of object members aside), several
    /// times faster: the body the HTTP client sends.
    ///
    /// - Throws: `EncodingError.invalidValue` for a NaN or infinite double, as `JSONEncoder` does.
    package func jsonBytes() throws -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + operations.count * 512)
        writer.raw("{")
        writer.key("operations")
        writer.raw("[")
        for (index, operation) in operations.enumerated() {
            if index > 0 { writer.raw(",") }
            try writer.operation(operation)
        }
        writer.raw("]")
        if let zoneID {
            writer.raw(",")
            writer.key("zoneID")
            writer.zone(zoneID)
        }
        if let atomic {
            writer.raw(",")
            writer.key("atomic")
            writer.bool(atomic)
        }
        if let desiredKeys {
            writer.raw(",")
            writer.key("desiredKeys")
            writer.strings(desiredKeys)
        }
        if let numbersAsStrings {
            writer.raw(",")
            writer.key("numbersAsStrings")
            writer.bool(numbersAsStrings)
        }
        writer.raw("}")
        return writer.finish()
    }
}

extension RecordOperation {
    /// The bytes this operation takes in a `records/modify` body, as `ModifyRequest.jsonBytes()`
    /// writes it; a request's body is its operations, a comma between each two, and an envelope
    /// of at most `CloudKitLimits.modifyEnvelopeBytes`.
    ///
    /// - Throws: `EncodingError.invalidValue` for a NaN or infinite double.
    package func jsonByteCount() throws -> Int {
        var writer = JSONWriter(capacity: 512)
        try writer.operation(self)
        return writer.count
    }
}

extension RecordOperation {
    /// At least `jsonByteCount()`, found without writing anything: each string counted as if every
    /// byte took a six-byte escape, each number at its longest, each member with room to spare.
    /// Cutting batches by this bound costs no encoding for the usual small records; only when it
    /// does not fit is the exact count needed. nil for the members a request rarely carries
    /// (timestamps, a zone), which only the exact count measures.
    package var jsonByteBound: Int? {
        guard record.created == nil, record.modified == nil, record.zoneID == nil else { return nil }
        func string(_ text: String) -> Int { 2 + 6 * text.utf8.count }
        func value(_ json: WireJSONValue) -> Int {
            switch json {
            case .null, .bool: 5
            case .integer: 20
            case .double: 25
            case .string(let text): string(text)
            case .array(let elements): elements.reduce(2) { $0 + value($1) + 1 }
            case .object(let members): members.reduce(2) { $0 + string($1.key) + value($1.value) + 2 }
            }
        }
        // {"operationType":"forceReplace","record":{…},"desiredKeys":[…]} and the record's members.
        var total = 96 + string(record.recordName) + 16
        total += record.recordType.map { string($0) + 16 } ?? 0
        total += record.recordChangeTag.map { string($0) + 20 } ?? 0
        total += record.deleted == nil ? 0 : 16
        if let fields = record.fields {
            // "name":{"value":…,"type":"TIMESTAMP_LIST"}, and the fields object around them.
            total += fields.reduce(12) { $0 + string($1.key) + 40 + value($1.value.value) }
        }
        if let desiredKeys { total += desiredKeys.reduce(20) { $0 + string($1) + 1 } }
        return total
    }
}

extension JSONWriter {
    mutating func operation(_ operation: RecordOperation) throws {
        raw("{")
        key("operationType")
        string(operation.operationType.rawValue)
        raw(",")
        key("record")
        try record(operation.record)
        if let desiredKeys = operation.desiredKeys {
            raw(",")
            key("desiredKeys")
            strings(desiredKeys)
        }
        raw("}")
    }

    mutating func strings(_ texts: [String]) {
        raw("[")
        for (index, text) in texts.enumerated() {
            if index > 0 { raw(",") }
            string(text)
        }
        raw("]")
    }
}
