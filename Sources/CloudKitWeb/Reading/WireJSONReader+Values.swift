extension WireJSONReader {
    /// Any value, as `WireJSONValue`'s `Decodable` conformance reads it: a number is an `.integer`
    /// where `JSONDecoder` reads it as an Int64, else a `.double`.
    mutating func readJSONValue() throws -> WireJSONValue {
        switch try peek() {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "{"):
            return .object(try readDictionary { try $0.readJSONValue() })
        case UInt8(ascii: "["):
            try beginArray()
            var elements: [WireJSONValue] = []
            var first = true
            while try nextElement(first: &first) { elements.append(try readJSONValue()) }
            return .array(elements)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try readBool())
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try scanNumber()
            if let integer = int64(token) { return .integer(integer) }
            if let double = double(token) { return .double(double) }
            throw failure("the number \(text(token)) fits neither a 64-bit integer nor a double", at: token.start)
        default:
            throw failure("expected a value, found \(describeNext())")
        }
    }

    /// An object as a dictionary of `read` values; of a repeated key, the first value counts and
    /// the later ones are only checked.
    mutating func readDictionary<Value>(_ read: (inout WireJSONReader) throws -> Value) throws -> [String: Value] {
        try beginObject()
        var members: [String: Value] = [:]
        var first = true
        while let key = try nextKey(first: &first) {
            let name = try string(key)
            if members[name] == nil {
                do {
                    members[name] = try read(&self)
                } catch let error as DecodingError {
                    throw error.under(JSONPathKey(stringValue: name))
                }
            } else {
                try skipValue()
            }
        }
        return members
    }

    /// A member name as a string.
    func string(_ key: JSONKey) throws -> String {
        try key.unescaped ?? string(key.token)
    }

    /// A field's `value` as `FieldDictionary` decodes it for `type`: the numbers of a DOUBLE,
    /// LOCATION or DOUBLE_LIST value are Doubles where `JSONDecoder` reads them so, `3` included;
    /// anything else, and such a value that does not fit, is any `WireJSONValue`.
    mutating func readFieldValue(type: WireFieldType?) throws -> WireJSONValue {
        let start = mark()
        switch type {
        case WireFieldType.double:
            if let value = try readDoubleIfNumber() { return .double(value) }
        case WireFieldType.location:
            if let members = try readDoubleMembers() { return .object(members) }
        case WireFieldType.doubleList:
            if let elements = try readDoubleElements() { return .array(elements) }
        default:
            break
        }
        reset(to: start)
        return try readJSONValue()
    }

    /// Whether a value read as any `WireJSONValue` may read differently for `type`: only numbers
    /// spelled as integers in DOUBLE, LOCATION and DOUBLE_LIST values do.
    static func mayReadDifferently(_ value: WireJSONValue, as type: WireFieldType?) -> Bool {
        switch (type, value) {
        case (WireFieldType.double, .integer): true
        case (WireFieldType.location, .object(let members)): members.values.contains { $0.isInteger }
        case (WireFieldType.doubleList, .array(let elements)): elements.contains { $0.isInteger }
        default: false
        }
    }

    private mutating func readDoubleIfNumber() throws -> Double? {
        switch try peek() {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): double(try scanNumber())
        default: nil
        }
    }

    /// An object whose members are all Doubles, or `nil`.
    private mutating func readDoubleMembers() throws -> [String: WireJSONValue]? {
        guard try peek() == UInt8(ascii: "{") else { return nil }
        try beginObject()
        var members: [String: WireJSONValue] = [:]
        var first = true
        while let key = try nextKey(first: &first) {
            let name = try string(key)
            guard members[name] == nil else {
                try skipValue()
                continue
            }
            guard let value = try readDoubleIfNumber() else { return nil }
            members[name] = .double(value)
        }
        return members
    }

    /// An array whose elements are all Doubles, or `nil`.
    private mutating func readDoubleElements() throws -> [WireJSONValue]? {
        guard try peek() == UInt8(ascii: "[") else { return nil }
        try beginArray()
        var elements: [WireJSONValue] = []
        var first = true
        while try nextElement(first: &first) {
            guard let value = try readDoubleIfNumber() else { return nil }
            elements.append(.double(value))
        }
        return elements
    }
}

extension WireJSONValue {
    fileprivate var isInteger: Bool {
        if case .integer = self { return true }
        return false
    }
}
