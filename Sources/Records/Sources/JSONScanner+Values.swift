extension JSONScanner {
    /// Parses the value at `position` into a `RawValue`.
    mutating func parseValue(depth: Int = 0) throws(InputError) -> RawValue {
        guard position < end else { throw error("expected a value, found \(found)") }
        switch base[position] {
        case 0x22:
            return .string(try string(scanString()))
        case 0x2D, 0x30...0x39:
            return .number(text(try scanNumber()))
        case 0x7B:
            return .object(try parseObject(depth: depth + 1))
        case 0x5B:
            return .array(try parseArray(depth: depth + 1))
        case 0x74:
            try literal("true")
            return .bool(true)
        case 0x66:
            try literal("false")
            return .bool(false)
        case 0x6E:
            try literal("null")
            return .null
        default:
            throw error("expected a value, found \(found)")
        }
    }

    /// Steps over the value at `position`, checking its syntax but building nothing.
    mutating func skipValue(depth: Int = 0) throws(InputError) {
        guard position < end else { throw error("expected a value, found \(found)") }
        switch base[position] {
        case 0x22:
            _ = try scanString()
        case 0x2D, 0x30...0x39:
            _ = try scanNumber()
        case 0x7B:
            try checkDepth(depth + 1)
            try forEachMember { (scanner: inout JSONScanner, _: StringSpan) throws(InputError) in
                try scanner.skipValue(depth: depth + 1)
            }
        case 0x5B:
            try checkDepth(depth + 1)
            try forEachElement { (scanner: inout JSONScanner) throws(InputError) in
                try scanner.skipValue(depth: depth + 1)
            }
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: throw error("expected a value, found \(found)")
        }
    }

    private func checkDepth(_ depth: Int) throws(InputError) {
        if depth > Self.maximumDepth { throw error("values nested deeper than \(Self.maximumDepth) levels") }
    }

    mutating func parseObject(depth: Int) throws(InputError) -> [String: RawValue] {
        try checkDepth(depth)
        var members: [String: RawValue] = [:]
        try forEachMember { (scanner: inout JSONScanner, key: StringSpan) throws(InputError) in
            let name = try scanner.string(key)
            members[name] = try scanner.parseValue(depth: depth)
        }
        return members
    }

    mutating func parseArray(depth: Int) throws(InputError) -> [RawValue] {
        try checkDepth(depth)
        var elements: [RawValue] = []
        try forEachElement { (scanner: inout JSONScanner) throws(InputError) in
            elements.append(try scanner.parseValue(depth: depth))
        }
        return elements
    }

    /// Walks an object whose `{` is at `position`: calls `body` with the scanner at each member's value.
    /// A key given twice in the object is an error naming it (JSON leaves its meaning open).
    mutating func forEachMember(
        _ body: (inout JSONScanner, StringSpan) throws(InputError) -> Void
    ) throws(InputError) {
        position += 1
        skipWhitespace()
        if position < end && base[position] == 0x7D {
            position += 1
            return
        }
        try withUnsafeTemporaryAllocation(of: StringSpan.self, capacity: MemberKeys.inlineCapacity) {
            (inline: UnsafeMutableBufferPointer<StringSpan>) throws(InputError) in
            var keys = MemberKeys(inline: inline)
            while true {
                guard position < end, base[position] == 0x22 else {
                    throw error("expected a string key, found \(found)")
                }
                let key = try scanString()
                if !keys.insertIfSurelyNew(key, base: base) { try keys.insert(key, scanner: self) }
                skipWhitespace()
                try expect(0x3A, "':' after object key")
                skipWhitespace()
                try body(&self, key)
                skipWhitespace()
                guard position < end else { throw error("expected ',' or '}' after object member, found \(found)") }
                let byte = base[position]
                position += 1
                if byte == 0x7D { return }
                guard byte == 0x2C else {
                    position -= 1
                    throw error("expected ',' or '}' after object member, found \(found)")
                }
                skipWhitespace()
            }
        }
    }

    /// Walks an array whose `[` is at `position`: calls `body` with the scanner at each element.
    mutating func forEachElement(_ body: (inout JSONScanner) throws(InputError) -> Void) throws(InputError) {
        position += 1
        skipWhitespace()
        if position < end && base[position] == 0x5D {
            position += 1
            return
        }
        while true {
            try body(&self)
            skipWhitespace()
            guard position < end else { throw error("expected ',' or ']' after array element, found \(found)") }
            let byte = base[position]
            position += 1
            if byte == 0x5D { return }
            guard byte == 0x2C else {
                position -= 1
                throw error("expected ',' or ']' after array element, found \(found)")
            }
            skipWhitespace()
        }
    }

    /// Unescapes a string span that holds backslashes (checked by `scanString`).
    func unescape(_ span: StringSpan) throws(InputError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(span.end - span.start)
        var i = span.start
        while i < span.end {
            let byte = base[i]
            guard byte == 0x5C else {
                bytes.append(byte)
                i += 1
                continue
            }
            let code = base[i + 1]
            i += 2
            switch code {
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x6E: bytes.append(0x0A)
            case 0x72: bytes.append(0x0D)
            case 0x74: bytes.append(0x09)
            case 0x75:
                var scalar = hex4(at: i)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard i + 6 <= span.end, base[i] == 0x5C, base[i + 1] == 0x75,
                        case let low = hex4(at: i + 2), low >= 0xDC00 && low < 0xE000
                    else { throw error("invalid \\u escape: unpaired surrogate", at: i - 6) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("invalid \\u escape: unpaired surrogate", at: i - 6)
                }
                if let scalar = Unicode.Scalar(scalar) { UTF8.encode(scalar) { bytes.append($0) } }
            default: bytes.append(code)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func hex4(at i: Int) -> UInt32 {
        (hexValue(base[i])! << 12) | (hexValue(base[i + 1])! << 8) | (hexValue(base[i + 2])! << 4)
            | hexValue(base[i + 3])!
    }
}
