import Foundation

extension QueryResponse {
    /// Reads a `records/query` answer straight from its bytes, giving the values `JSONDecoder`
    /// gives (see `WireJSONReader` for the few malformed documents only `JSONDecoder` accepts).
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose coding path and description say where and
    ///   what: `records[3].fields.lat.value`, `byte 1234: expected a number, found a string`.
    package init(json data: Data) throws {
        self = try WireJSONReader.read(data) { try $0.readQueryResponse() }
    }
}

extension QueryResponse {
    /// Only the `continuationMarker` of a `records/query` answer, what asking for the next page
    /// needs: the members before it are skipped (checked, not built), nothing after it is read.
    /// `cksync serve` writes it first.
    ///
    /// - Throws: `DecodingError.dataCorrupted`, as `init(json:)`, for what it reads.
    package static func continuationMarker(json data: Data) throws -> String? {
        try data.withUnsafeBytes { raw in
            var reader = WireJSONReader(raw.bindMemory(to: UInt8.self))
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(first: &first) {
                if reader.index(of: key, in: WireJSONReader.queryResponseKeys) == 1 {
                    do {
                        return try reader.readOptionalString()
                    } catch let error as DecodingError {
                        throw error.under(JSONPathKey(stringValue: "continuationMarker"))
                    }
                }
                try reader.skipValue()
            }
            return nil
        }
    }
}

extension WireJSONReader {
    mutating func readQueryResponse() throws -> QueryResponse {
        var records: [RecordDictionary]?
        var marker: String?
        try readMembers(Self.queryResponseKeys) { reader, index in
            switch index {
            case 0: records = try reader.readArray { try $0.readRecordDictionary() }
            default: marker = try reader.readOptionalString()
            }
        }
        guard let records else { throw failure("missing key \"records\"").under(JSONPathKey(stringValue: "records")) }
        return QueryResponse(records: records, continuationMarker: marker)
    }

    mutating func readRecordDictionary() throws -> RecordDictionary {
        var record = RecordDictionary(recordName: "")
        try readMembers(Self.recordKeys) { reader, index in
            switch index {
            case 0: record.recordName = try reader.readOptionalString() ?? ""
            case 1: record.recordType = try reader.readOptionalString()
            case 2: record.recordChangeTag = try reader.readOptionalString()
            case 3: record.fields = try reader.readNull() ? nil : reader.readDictionary { try $0.readFieldDictionary() }
            case 4: record.created = try reader.readNull() ? nil : reader.readTimestampDictionary()
            case 5: record.modified = try reader.readNull() ? nil : reader.readTimestampDictionary()
            case 6: record.deleted = try reader.readNull() ? nil : reader.readBool()
            default: record.zoneID = try reader.readNull() ? nil : reader.readZoneID()
            }
        }
        return record
    }

    /// `{"value": …, "type": …}`, in either order: a value before its type is read as any JSON
    /// value and, where the type would read it differently, read again once the type is known.
    mutating func readFieldDictionary() throws -> FieldDictionary {
        var value: WireJSONValue?
        var valueStart: Mark?
        var type: WireFieldType?
        var typeSeen = false
        try readMembers(Self.fieldKeys) { reader, index in
            switch index {
            case 0:
                if typeSeen {
                    value = try reader.readFieldValue(type: type)
                } else {
                    valueStart = reader.mark()
                    value = try reader.readJSONValue()
                }
            default:
                type = try reader.readOptionalString().map(WireFieldType.init(rawValue:))
                typeSeen = true
            }
        }
        guard var value else { throw failure("missing key \"value\"").under(JSONPathKey(stringValue: "value")) }
        if let valueStart, Self.mayReadDifferently(value, as: type) {
            let end = mark()
            reset(to: valueStart)
            value = try readFieldValue(type: type)
            reset(to: end)
        }
        return FieldDictionary(value: value, type: type)
    }

    mutating func readTimestampDictionary() throws -> TimestampDictionary {
        var timestamp: Int64?
        var stamp = TimestampDictionary(timestamp: 0)
        try readMembers(Self.timestampKeys) { reader, index in
            switch index {
            case 0: timestamp = try reader.readInt64()
            case 1: stamp.userRecordName = try reader.readOptionalString()
            default: stamp.deviceID = try reader.readOptionalString()
            }
        }
        guard let timestamp else {
            throw failure("missing key \"timestamp\"").under(JSONPathKey(stringValue: "timestamp"))
        }
        stamp.timestamp = timestamp
        return stamp
    }

    /// As `ZoneID`'s `Decodable` conformance: `ownerName` is only read when `ownerRecordName` is
    /// absent or null.
    mutating func readZoneID() throws -> ZoneID {
        var zoneName: String?
        var ownerRecordName: String?
        var ownerNameStart: Mark?
        try readMembers(Self.zoneKeys) { reader, index in
            switch index {
            case 0: zoneName = try reader.readString()
            case 1: ownerRecordName = try reader.readOptionalString()
            default:
                ownerNameStart = reader.mark()
                try reader.skipValue()
            }
        }
        guard let zoneName else {
            throw failure("missing key \"zoneName\"").under(JSONPathKey(stringValue: "zoneName"))
        }
        if ownerRecordName == nil, let ownerNameStart {
            let end = mark()
            reset(to: ownerNameStart)
            ownerRecordName = try readOptionalString()
            reset(to: end)
        }
        return ZoneID(zoneName: zoneName, ownerRecordName: ownerRecordName)
    }

    /// A whole number, as `JSONDecoder` decodes an `Int64`.
    mutating func readInt64() throws -> Int64 {
        switch try peek() {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try scanNumber()
            guard let value = int64(token) else {
                throw failure("the number \(text(token)) is not a 64-bit integer", at: token.start)
            }
            return value
        default:
            throw mismatch(expected: "a number")
        }
    }

    mutating func readArray<Element>(_ read: (inout WireJSONReader) throws -> Element) throws -> [Element] {
        try beginArray()
        var elements: [Element] = []
        var first = true
        while try nextElement(first: &first) {
            do {
                elements.append(try read(&self))
            } catch let error as DecodingError {
                throw error.under(JSONPathKey(intValue: elements.count))
            }
        }
        return elements
    }

    /// Reads an object, calling `member` with the index in `names` of each member named there;
    /// other members, and repeats of a name (the first one counts), are skipped.
    mutating func readMembers(_ names: [StaticString], _ member: (inout WireJSONReader, Int) throws -> Void) throws {
        try beginObject()
        var seen: UInt32 = 0
        var first = true
        while let key = try nextKey(first: &first) {
            guard let index = index(of: key, in: names), seen & 1 << index == 0 else {
                try skipValue()
                continue
            }
            seen |= 1 << index
            do {
                try member(&self, index)
            } catch let error as DecodingError {
                throw error.under(JSONPathKey(stringValue: names[index].description))
            }
        }
    }

    func index(of key: JSONKey, in names: [StaticString]) -> Int? {
        if let unescaped = key.unescaped { return names.firstIndex { $0.description == unescaped } }
        let count = key.token.end - key.token.start
        let start = lexer.base + key.token.start
        return names.firstIndex { $0.utf8CodeUnitCount == count && memcmp(start, $0.utf8Start, count) == 0 }
    }

    static let queryResponseKeys: [StaticString] = ["records", "continuationMarker"]
    static let recordKeys: [StaticString] = [
        "recordName", "recordType", "recordChangeTag", "fields", "created", "modified", "deleted", "zoneID",
    ]
    static let fieldKeys: [StaticString] = ["value", "type"]
    static let timestampKeys: [StaticString] = ["timestamp", "userRecordName", "deviceID"]
    static let zoneKeys: [StaticString] = ["zoneName", "ownerRecordName", "ownerName"]
}
