import Foundation
import JSONCore

/// Where each field of a record blob is, found from the line layout `CanonicalJSON.encode` writes,
/// without decoding a value.
///
/// Canonical JSON spells a value one way only, so two fields whose lines hold equal bytes hold
/// equal values, and a comparison decodes only the lines that differ (`CompareRules.changes(
/// fromBlob:toBlob:rules:)`). A string holds no raw line feed, so each field is one line.
struct CanonicalLines {
    /// One field's line: `    "<name>": <value>` then `,` unless it is the last.
    struct Field {
        /// The name's bytes between its quotes: no escape, so they are its UTF-8 (validated when
        /// the name is decoded).
        var name: Range<Int>
        /// `{"type": …, "value": …}`.
        var value: Range<Int>
    }

    var fields: [Field] = []
    var recordName: String
    var recordType: String

    /// The fields of `bytes`, or nil when they are not laid out exactly as `encode` writes them
    /// (other whitespace, an escaped field name, names out of order): the caller decodes those whole.
    /// - Throws: `CanonicalJSONError` for a record name or type that is not a valid string.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) throws(CanonicalJSONError) {
        guard let base = bytes.baseAddress else { return nil }
        var position = 0
        func skip(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.count - position >= count, memcmp(base + position, literal.utf8Start, count) == 0 else {
                return false
            }
            position += count
            return true
        }
        if !skip("{\n  \"fields\": {},\n") {
            guard skip("{\n  \"fields\": {\n") else { return nil }
            var last = false
            while !last {
                guard skip("    \"") else { return nil }
                let nameStart = position
                while position < bytes.count, base[position] != 0x22 {
                    // An escape or a control character: the parser's business.
                    guard base[position] != 0x5C, base[position] >= 0x20 else { return nil }
                    position += 1
                }
                let name = nameStart..<position
                guard skip("\": {") else { return nil }
                let valueStart = position - 1
                guard let lineFeed = Self.lineFeed(in: bytes, from: position) else { return nil }
                last = base[lineFeed - 1] != UInt8(ascii: ",")
                let valueEnd = last ? lineFeed : lineFeed - 1
                guard base[valueEnd - 1] == UInt8(ascii: "}") else { return nil }
                if let previous = fields.last, !Self.precedes(previous.name, name, in: base) { return nil }
                fields.append(Field(name: name, value: valueStart..<valueEnd))
                position = lineFeed + 1
            }
            guard skip("  },\n") else { return nil }
        }
        guard skip("  \"recordName\": ") else { return nil }
        var lexer = JSONLexer(bytes)
        func string() throws(CanonicalJSONError) -> String? {
            guard position < bytes.count, base[position] == 0x22 else { return nil }
            lexer.position = position
            do {
                let token = try lexer.scanString()
                position = lexer.position
                return try lexer.string(token, validatingUTF8: true)
            } catch {
                throw CanonicalParser.error(error)
            }
        }
        guard let recordName = try string(), skip(",\n  \"recordType\": "), let recordType = try string(),
            skip("\n}\n"), position == bytes.count
        else { return nil }
        self.recordName = recordName
        self.recordType = recordType
    }

    /// The field `field`'s name, decoded.
    static func name(of field: Field, in bytes: UnsafeBufferPointer<UInt8>) throws(CanonicalJSONError) -> String {
        let base = bytes.baseAddress!
        if let invalid = UTF8Validation.firstInvalid(base, from: field.name.lowerBound, to: field.name.upperBound) {
            throw CanonicalParser.error(JSONSyntaxError(.invalidUTF8, at: invalid))
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[field.name]), as: UTF8.self)
    }

    /// Whether the bytes at `lhs` in `lhsBase` sort before those at `rhs` in `rhsBase` (UTF-8 order,
    /// the order of canonical keys); `nil` when they are equal.
    static func order(
        _ lhs: Range<Int>, in lhsBase: UnsafePointer<UInt8>, _ rhs: Range<Int>, in rhsBase: UnsafePointer<UInt8>
    ) -> Bool? {
        let common = min(lhs.count, rhs.count)
        let compared = memcmp(lhsBase + lhs.lowerBound, rhsBase + rhs.lowerBound, common)
        if compared != 0 { return compared < 0 }
        return lhs.count == rhs.count ? nil : lhs.count < rhs.count
    }

    private static func precedes(_ lhs: Range<Int>, _ rhs: Range<Int>, in base: UnsafePointer<UInt8>) -> Bool {
        order(lhs, in: base, rhs, in: base) == true
    }

    private static func lineFeed(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count,
            let found = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start)
        else { return nil }
        return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - bytes.baseAddress!
    }
}
