import JSONCore

extension JSONScanner {
    /// Parses the value at `position` into a `RawValue`.
    mutating func parseValue() throws(InputError) -> RawValue {
        guard position < end else { throw error("expected a value, found \(found)") }
        switch base[position] {
        case 0x22:
            return .string(try string(scanString()))
        case 0x2D, 0x30...0x39:
            return .number(text(try scanNumber()))
        case 0x7B:
            return .object(try parseObject())
        case 0x5B:
            return .array(try parseArray())
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
    mutating func skipValue() throws(InputError) {
        guard position < end else { throw error("expected a value, found \(found)") }
        switch base[position] {
        case 0x22:
            _ = try scanString()
        case 0x2D, 0x30...0x39:
            _ = try scanNumber()
        case 0x7B:
            try forEachMember { (scanner: inout JSONScanner, _: JSONStringToken) throws(InputError) in
                try scanner.skipValue()
            }
        case 0x5B:
            try forEachElement { (scanner: inout JSONScanner) throws(InputError) in
                try scanner.skipValue()
            }
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: throw error("expected a value, found \(found)")
        }
    }

    mutating func parseObject() throws(InputError) -> [String: RawValue] {
        var members: [String: RawValue] = [:]
        try forEachMember { (scanner: inout JSONScanner, key: JSONStringToken) throws(InputError) in
            let name = try scanner.string(key)
            members[name] = try scanner.parseValue()
        }
        return members
    }

    mutating func parseArray() throws(InputError) -> [RawValue] {
        var elements: [RawValue] = []
        try forEachElement { (scanner: inout JSONScanner) throws(InputError) in
            elements.append(try scanner.parseValue())
        }
        return elements
    }

    /// Walks an object whose `{` is at `position`: calls `body` with the scanner at each member's value.
    /// A key given twice in the object is an error naming it (JSON leaves its meaning open).
    mutating func forEachMember(
        _ body: (inout JSONScanner, JSONStringToken) throws(InputError) -> Void
    ) throws(InputError) {
        if try entersEmpty(closedBy: 0x7D) { return }
        try withUnsafeTemporaryAllocation(of: JSONStringToken.self, capacity: MemberKeys.inlineCapacity) {
            (inline: UnsafeMutableBufferPointer<JSONStringToken>) throws(InputError) in
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
                if try closesAfterItem(0x7D, "',' or '}' after object member") { return }
            }
        }
    }

    /// Walks an array whose `[` is at `position`: calls `body` with the scanner at each element.
    mutating func forEachElement(_ body: (inout JSONScanner) throws(InputError) -> Void) throws(InputError) {
        if try entersEmpty(closedBy: 0x5D) { return }
        while true {
            try body(&self)
            if try closesAfterItem(0x5D, "',' or ']' after array element") { return }
        }
    }

    /// Steps into the container whose opening bracket is at `position`; `true` when it is empty,
    /// its closing `bracket` then consumed and the container left.
    @inline(__always)
    private mutating func entersEmpty(closedBy bracket: UInt8) throws(InputError) -> Bool {
        try enterContainer()
        position += 1
        skipWhitespace()
        guard position < end && base[position] == bracket else { return false }
        position += 1
        lexer.leaveContainer()
        return true
    }

    /// After a member or element: consumes the container's closing `bracket` and leaves it
    /// (`true`), or a comma and the whitespace after it (`false`).
    @inline(__always)
    private mutating func closesAfterItem(_ bracket: UInt8, _ expected: String) throws(InputError) -> Bool {
        skipWhitespace()
        guard position < end else { throw error("expected \(expected), found \(found)") }
        let byte = base[position]
        position += 1
        if byte == bracket {
            lexer.leaveContainer()
            return true
        }
        guard byte == 0x2C else {
            position -= 1
            throw error("expected \(expected), found \(found)")
        }
        skipWhitespace()
        return false
    }
}
