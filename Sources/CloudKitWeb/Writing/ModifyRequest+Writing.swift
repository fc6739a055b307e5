extension ModifyRequest {
    /// This request as `JSONEncoder` writes it (the order of object members aside), several
    /// times faster: the body the HTTP client sends.
    ///
    /// - Throws: `EncodingError.invalidValue` for a NaN or infinite double, as `JSONEncoder` does.
    public func jsonBytes() throws -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + operations.count * 512)
        writer.raw("{")
        writer.key("operations")
        writer.raw("[")
        for (index, operation) in operations.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{")
            writer.key("operationType")
            writer.string(operation.operationType.rawValue)
            writer.raw(",")
            writer.key("record")
            try writer.record(operation.record)
            if let desiredKeys = operation.desiredKeys {
                writer.raw(",")
                writer.key("desiredKeys")
                writer.strings(desiredKeys)
            }
            writer.raw("}")
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
        return writer.bytes
    }
}

extension JSONWriter {
    mutating func strings(_ texts: [String]) {
        raw("[")
        for (index, text) in texts.enumerated() {
            if index > 0 { raw(",") }
            string(text)
        }
        raw("]")
    }
}
