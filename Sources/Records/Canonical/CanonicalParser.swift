import JSONCore

/// Reads the canonical JSON of one record back into a `Record`: the blob codec's layer over
/// `JSONLexer`, with its own grammar and errors (`CanonicalJSONError`, a byte offset).
///
/// It reads exactly the shape `CanonicalJSON.encode` writes (read back for every record whose
/// blob differs between two snapshots): it accepts any JSON whitespace between tokens, but
/// requires the record's keys, `"type"` before `"value"` in a field, and values that match their
/// type.
struct CanonicalParser {
    var lexer: JSONLexer

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        lexer = JSONLexer(bytes)
    }

    var position: Int {
        get { lexer.position }
        set { lexer.position = newValue }
    }

    mutating func parseRecord() throws(CanonicalJSONError) -> Record {
        var fields: [String: FieldValue]?
        var name: String?
        var type: String?
        try parseObject { (key, parser) throws(CanonicalJSONError) in
            switch key {
            case "fields" where fields == nil: fields = try parser.parseFields()
            case "recordName" where name == nil: name = try parser.parseString()
            case "recordType" where type == nil: type = try parser.parseString()
            case "fields", "recordName", "recordType": throw parser.error("duplicate key \"\(key)\"")
            default: throw parser.error("unknown key \"\(key)\" in a record")
            }
        }
        lexer.skipWhitespace()
        guard lexer.atEnd else { throw error("unexpected text after the record") }
        guard let fields, let name, let type else {
            let missing = [("fields", fields == nil), ("recordName", name == nil), ("recordType", type == nil)]
                .filter(\.1).map { "\"\($0.0)\"" }.joined(separator: ", ")
            throw error("missing \(missing)")
        }
        return Record(type: type, name: name, fields: fields)
    }

    private mutating func parseFields() throws(CanonicalJSONError) -> [String: FieldValue] {
        var fields: [String: FieldValue] = [:]
        try parseObject { (name, parser) throws(CanonicalJSONError) in
            let value = try parser.parseField()
            guard fields.updateValue(value, forKey: name) == nil else {
                throw parser.error("duplicate field \"\(name)\"")
            }
        }
        return fields
    }

    /// The field value `{"type": …, "value": …}` that spans `range` exactly.
    mutating func parseField(spanning range: Range<Int>) throws(CanonicalJSONError) -> FieldValue {
        (position, lexer.end) = (range.lowerBound, range.upperBound)
        let value = try parseField()
        lexer.skipWhitespace()
        guard lexer.atEnd else { throw error("unexpected text after a field") }
        return value
    }

    /// `{"type": "INT64", "value": 83}`
    private mutating func parseField() throws(CanonicalJSONError) -> FieldValue {
        try expect(UInt8(ascii: "{"))
        guard try parseString() == "type" else { throw error("expected \"type\" first in a field") }
        try expect(UInt8(ascii: ":"))
        let typeStart = position
        let typeName = try parseString()
        guard let type = FieldType(rawValue: typeName) else {
            throw CanonicalJSONError(offset: typeStart, message: "unknown field type \"\(typeName)\"")
        }
        try expect(UInt8(ascii: ","))
        guard try parseString() == "value" else { throw error("expected \"value\" after \"type\" in a field") }
        try expect(UInt8(ascii: ":"))
        let value = try parseValue(of: type)
        try expect(UInt8(ascii: "}"))
        return value
    }

    private mutating func parseValue(of type: FieldType) throws(CanonicalJSONError) -> FieldValue {
        if let elementType = type.elementType {
            var elements: [FieldValue] = []
            try expect(UInt8(ascii: "["))
            if try peek() == UInt8(ascii: "]") {
                position += 1
                return .list(elementType: elementType, elements)
            }
            repeat {
                elements.append(try parseValue(of: elementType))
            } while try commaOrEnd(UInt8(ascii: "]"))
            return .list(elementType: elementType, elements)
        }
        switch type {
        case .string: return .string(try parseString())
        case .int64: return .int64(try parseInt())
        case .timestamp: return .timestamp(try parseInt())
        case .double: return .double(try parseDouble())
        case .bytes: return .bytes(try parseBase64())
        case .reference: return .reference(try parseReference())
        case .location: return .location(try parseLocation())
        case .asset: return .asset(try parseAsset())
        default: throw error("unexpected type \(type.rawValue)")
        }
    }

    private mutating func parseReference() throws(CanonicalJSONError) -> Reference {
        var action: ReferenceAction?
        var recordName: String?
        try parseObject { (key, parser) throws(CanonicalJSONError) in
            switch key {
            case "action" where action == nil:
                let start = parser.position
                let text = try parser.parseString()
                guard let parsed = ReferenceAction(rawValue: text) else {
                    throw CanonicalJSONError(offset: start, message: "unknown reference action \"\(text)\"")
                }
                action = parsed
            case "recordName" where recordName == nil: recordName = try parser.parseString()
            default: throw parser.error("unexpected key \"\(key)\" in a REFERENCE")
            }
        }
        guard let recordName else { throw error("REFERENCE without \"recordName\"") }
        return Reference(recordName: recordName, action: action ?? .none)
    }

    private mutating func parseLocation() throws(CanonicalJSONError) -> Location {
        var latitude: Double?
        var longitude: Double?
        var location = Location(latitude: 0, longitude: 0)
        try parseObject { (key, parser) throws(CanonicalJSONError) in
            switch key {
            case "latitude" where latitude == nil: latitude = try parser.parseDouble()
            case "longitude" where longitude == nil: longitude = try parser.parseDouble()
            case "altitude" where location.altitude == nil: location.altitude = try parser.parseDouble()
            case "course" where location.course == nil: location.course = try parser.parseDouble()
            case "horizontalAccuracy" where location.horizontalAccuracy == nil:
                location.horizontalAccuracy = try parser.parseDouble()
            case "speed" where location.speed == nil: location.speed = try parser.parseDouble()
            case "timestamp" where location.timestamp == nil: location.timestamp = try parser.parseInt()
            case "verticalAccuracy" where location.verticalAccuracy == nil:
                location.verticalAccuracy = try parser.parseDouble()
            default: throw parser.error("unexpected key \"\(key)\" in a LOCATION")
            }
        }
        guard let latitude, let longitude else { throw error("LOCATION needs \"latitude\" and \"longitude\"") }
        location.latitude = latitude
        location.longitude = longitude
        return location
    }

    private mutating func parseAsset() throws(CanonicalJSONError) -> Asset {
        var identity: Asset.Identity?
        var size: Int64?
        try parseObject { (key, parser) throws(CanonicalJSONError) in
            switch key {
            case "content" where identity == nil:
                let start = parser.position
                let id = try parser.parseString()
                guard Asset.isContentID(id) else {
                    throw CanonicalJSONError(offset: start, message: "an ASSET's \"content\" is not a blob id")
                }
                identity = .content(id)
            case "fileChecksum" where identity == nil: identity = .fileChecksum(try parser.parseString())
            case "size" where size == nil:
                let start = parser.position
                let bytes = try parser.parseInt()
                guard bytes >= 0 else {
                    throw CanonicalJSONError(offset: start, message: "an ASSET's size is negative")
                }
                size = bytes
            default: throw parser.error("unexpected key \"\(key)\" in an ASSET")
            }
        }
        guard let identity, let size else { throw error("ASSET needs \"size\" and \"content\" or \"fileChecksum\"") }
        return Asset(size: size, identity: identity)
    }

    // MARK: - Tokens

    /// Parses `{ "key": value, … }`, handing each key to `member`, which parses the value.
    private mutating func parseObject(
        _ member: (String, inout CanonicalParser) throws(CanonicalJSONError) -> Void
    ) throws(CanonicalJSONError) {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        repeat {
            let key = try parseString()
            try expect(UInt8(ascii: ":"))
            try member(key, &self)
        } while try commaOrEnd(UInt8(ascii: "}"))
    }

    /// After a member or element: `true` for a comma, `false` for `end`.
    private mutating func commaOrEnd(_ end: UInt8) throws(CanonicalJSONError) -> Bool {
        let byte = try peek()
        position += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == end { return false }
        position -= 1
        throw error("expected \",\" or \"\(Character(Unicode.Scalar(end)))\"")
    }

    private mutating func expect(_ byte: UInt8) throws(CanonicalJSONError) {
        guard try peek() == byte else { throw error("expected \"\(Character(Unicode.Scalar(byte)))\"") }
        position += 1
    }

    /// The next byte after whitespace; throws at the end of the blob.
    mutating func peek() throws(CanonicalJSONError) -> UInt8 {
        lexer.skipWhitespace()
        guard !lexer.atEnd else { throw error("unexpected end of the blob") }
        return lexer.current
    }

    func error(_ message: String) -> CanonicalJSONError {
        CanonicalJSONError(offset: position, message: message)
    }
}
