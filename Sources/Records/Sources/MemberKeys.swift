#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import JSONCore

/// The keys of one JSON object read so far, to refuse a key given twice.
///
/// JSON leaves a repeated key's meaning open (RFC 8259 §4: "names within an object SHOULD be
/// unique"); parsers disagree on which value wins, so a record with one is bad input.
///
/// Cheap on the hot path (every object of every record, skimmed or parsed): a key without
/// escapes sets one bit of a 64-bit mask chosen by its length and first and last bytes; when
/// that bit was clear, the key is surely new and no bytes are compared. Only a set bit, an
/// escaped key or an object of more than `inlineCapacity` keys takes the exact path: a linear
/// compare against the keys kept in a caller-provided stack buffer, or a set of unescaped keys.
struct MemberKeys {
    static let inlineCapacity = 16

    private let inline: UnsafeMutableBufferPointer<JSONStringToken>
    private var count = 0
    /// One bit per unescaped key recorded, by `bit(of:base:)`.
    private var mask: UInt64 = 0
    /// Whether a recorded key has an escape: then bits say nothing and every key is compared.
    private var escapes = false
    /// Every key's unescaped bytes, once the object has more keys than `inline` holds.
    private var many: Set<[UInt8]>?

    init(inline: UnsafeMutableBufferPointer<JSONStringToken>) {
        self.inline = inline
    }

    /// Records `key` when it is surely not in the object yet; `false` when only
    /// `insert(_:scanner:)` can tell.
    @inline(__always)
    mutating func insertIfSurelyNew(_ key: JSONStringToken, base: UnsafePointer<UInt8>) -> Bool {
        guard !key.isEscaped, !escapes, count < inline.count else { return false }
        let bit = Self.bit(of: key, base: base)
        guard mask & bit == 0 else { return false }
        mask |= bit
        inline[count] = key
        count += 1
        return true
    }

    /// Records `key`, a span of `scanner`'s buffer just scanned, comparing it with every key so far.
    /// - Throws: `InputError` at the key when the object already has it.
    mutating func insert(_ key: JSONStringToken, scanner: JSONScanner) throws(InputError) {
        if count < inline.count {
            for index in 0..<count {
                if try Self.same(inline[index], key, scanner) { throw try Self.duplicate(key, scanner) }
            }
            inline[count] = key
            count += 1
            if key.isEscaped { escapes = true } else { mask |= Self.bit(of: key, base: scanner.base) }
            return
        }
        if many == nil {
            var keys = Set<[UInt8]>()
            for index in 0..<count { keys.insert(Array(try scanner.string(inline[index]).utf8)) }
            many = keys
        }
        if many!.insert(Array(try scanner.string(key).utf8)).inserted == false {
            throw try Self.duplicate(key, scanner)
        }
    }

    /// A bit from the key's length and its first and last bytes.
    @inline(__always)
    private static func bit(of key: JSONStringToken, base: UnsafePointer<UInt8>) -> UInt64 {
        let length = key.end - key.start
        guard length > 0 else { return 1 }
        let mixed =
            UInt64(base[key.start]) &* 31 &+ UInt64(base[key.end - 1]) &* 7 &+ UInt64(truncatingIfNeeded: length)
        return 1 << (mixed & 63)
    }

    /// Whether two keys are the same string: byte for byte, or after unescaping when either has
    /// an escape (`"id"` and `"\u0069d"` are one key). Never Unicode-equivalence: JSON compares code points.
    private static func same(_ a: JSONStringToken, _ b: JSONStringToken, _ scanner: JSONScanner) throws(InputError) -> Bool {
        if !a.isEscaped && !b.isEscaped {
            let length = a.end - a.start
            guard length == b.end - b.start else { return false }
            return length == 0 || memcmp(scanner.base + a.start, scanner.base + b.start, length) == 0
        }
        return try scanner.string(a).utf8.elementsEqual(try scanner.string(b).utf8)
    }

    private static func duplicate(_ key: JSONStringToken, _ scanner: JSONScanner) throws(InputError) -> InputError {
        let name = try scanner.string(key)
        return scanner.error("duplicate key \(name.debugDescription) in one object", at: key.start - 1)
    }
}
