import Foundation
import JSONCore

/// A forward cursor over the UTF-8 bytes of one JSON document: the wire codec's layer over
/// `JSONLexer`, the base of the hand-written readers of the responses a fetch is made of
/// (`QueryResponse+Reading.swift`). Foundation's `JSONDecoder` spent most of a fetch's client time
/// building its tree and going through `Decoder` containers; these read the few hot types straight
/// from the bytes.
///
/// Strict RFC 8259 everywhere, in skipped members too (where `JSONDecoder` does not look inside
/// strings and numbers, and accepts trailing commas): UTF-8 only (a leading byte order mark is
/// skipped), no comments, no trailing commas, at most 512 nested containers. Where an object
/// repeats a key the first one counts, as with `JSONDecoder`. Numbers read as `JSONDecoder` reads
/// them, quirks included (`WireJSONReader+Numbers.swift`).
///
/// Errors are `DecodingError.dataCorrupted` naming the byte offset and what was expected; the
/// readers above add the coding path on the way out (`records[3].fields.lat`).
struct WireJSONReader {
    var lexer: JSONLexer

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        lexer = JSONLexer(bytes)
        lexer.skipByteOrderMark()
    }

    /// The offset of the next byte to read.
    var position: Int {
        get { lexer.position }
        set { lexer.position = newValue }
    }

    /// Reads `data` as one document with `read`; nothing but whitespace may follow it.
    static func read<Value>(_ data: Data, _ read: (inout WireJSONReader) throws -> Value) throws -> Value {
        try data.withUnsafeBytes { raw in
            var reader = WireJSONReader(raw.bindMemory(to: UInt8.self))
            let value = try read(&reader)
            reader.skipWhitespace()
            guard reader.lexer.atEnd else {
                throw reader.failure("unexpected \(reader.describeNext()) after the end of the document")
            }
            return value
        }
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() { lexer.skipWhitespace() }

    /// The next byte after whitespace, not consumed.
    @inline(__always)
    mutating func peek() throws -> UInt8 {
        lexer.skipWhitespace()
        guard !lexer.atEnd else { throw failure("unexpected end of the document") }
        return lexer.current
    }

    /// Consumes the `{` of an object; then `nextKey(first:)` until it returns `nil`.
    mutating func beginObject() throws {
        guard try peek() == UInt8(ascii: "{") else { throw mismatch(expected: "an object") }
        try enter()
    }

    /// The next member's key with its `:` consumed, or `nil` once the closing `}` is consumed.
    ///
    /// - Parameter first: true before the first member; the reader keeps it up to date.
    mutating func nextKey(first: inout Bool) throws -> JSONKey? {
        if try closes(UInt8(ascii: "}")) { return nil }
        var byte = lexer.current
        if first {
            first = false
        } else {
            guard byte == UInt8(ascii: ",") else {
                throw failure("expected ',' or '}' in an object, found \(describeNext())")
            }
            position += 1
            byte = try peek()
        }
        guard byte == UInt8(ascii: "\"") else {
            throw failure("expected a member name string, found \(describeNext())")
        }
        let token = try scanString(validating: true)
        let key = JSONKey(token: token, unescaped: token.isEscaped ? try string(token) : nil)
        guard try peek() == UInt8(ascii: ":") else {
            throw failure("expected ':' after a member name, found \(describeNext())")
        }
        position += 1
        return key
    }

    /// Consumes the `[` of an array; then `nextElement(first:)` until it returns false.
    mutating func beginArray() throws {
        guard try peek() == UInt8(ascii: "[") else { throw mismatch(expected: "an array") }
        try enter()
    }

    /// Whether another element follows (its separating comma consumed); false once the closing `]`
    /// is consumed.
    mutating func nextElement(first: inout Bool) throws -> Bool {
        if try closes(UInt8(ascii: "]")) { return false }
        if first {
            first = false
            return true
        }
        guard lexer.current == UInt8(ascii: ",") else {
            throw failure("expected ',' or ']' in an array, found \(describeNext())")
        }
        position += 1
        if try peek() == UInt8(ascii: "]") { throw failure("expected a value after ',' in an array, found ']'") }
        return true
    }

    /// Whether the container's closing `bracket` is next (after whitespace), consumed if so.
    @inline(__always)
    private mutating func closes(_ bracket: UInt8) throws -> Bool {
        guard try peek() == bracket else { return false }
        position += 1
        lexer.leaveContainer()
        return true
    }

    /// Where the cursor is, to come back to with `reset(to:)` and read a value again another way.
    struct Mark {
        fileprivate var position: Int
        fileprivate var depth: Int
    }

    func mark() -> Mark { Mark(position: position, depth: lexer.depth) }

    mutating func reset(to mark: Mark) {
        position = mark.position
        lexer.depth = mark.depth
    }

    private mutating func enter() throws {
        do {
            try lexer.enterContainer()
        } catch {
            throw failure("more than \(JSONLexer.maximumDepth) nested arrays and objects")
        }
        position += 1
    }

    /// Whether the next value is `null`, consuming it if so.
    mutating func readNull() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    mutating func readBool() throws -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default:
            throw mismatch(expected: "a boolean")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws {
        do {
            try lexer.literal(literal)
        } catch {
            throw failure("expected \(literal), found \(describeNext())")
        }
    }

    /// Skips one value of any kind, checking it as strictly as a value that is read.
    mutating func skipValue() throws {
        switch try peek() {
        case UInt8(ascii: "\""):
            _ = try scanString(validating: true)
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try nextKey(first: &first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray()
            var first = true
            while try nextElement(first: &first) { try skipValue() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try scanNumber()
        default:
            throw failure("expected a value, found \(describeNext())")
        }
    }

    // MARK: Errors

    func failure(_ message: String, at offset: Int? = nil) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(codingPath: [], debugDescription: "byte \(offset ?? position): \(message)"))
    }

    /// "expected a string, found a number" for the value at the cursor.
    func mismatch(expected: String) -> DecodingError {
        failure("expected \(expected), found \(describeNext())")
    }

    /// What the next byte starts, for error messages.
    func describeNext() -> String {
        guard !lexer.atEnd else { return "the end of the document" }
        let byte = lexer.current
        switch byte {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }
}

/// An object member's name as it stands in the document; `unescaped` holds it when it has escapes.
struct JSONKey {
    var token: JSONStringToken
    var unescaped: String?
}

/// A coding path element of a reader's error: a member name or an array index.
struct JSONPathKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) { self.stringValue = stringValue }

    init(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

extension DecodingError {
    /// The same error with `key` in front of its coding path, as a reader rethrows it on the way out.
    func under(_ key: JSONPathKey) -> DecodingError {
        guard case .dataCorrupted(let context) = self else { return self }
        return .dataCorrupted(
            Context(codingPath: [key] + context.codingPath, debugDescription: context.debugDescription))
    }
}
