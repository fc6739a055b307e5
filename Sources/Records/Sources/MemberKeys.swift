#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The keys of one JSON object read so far, to refuse a key given twice.
///
/// JSON leaves a repeated key's meaning open (RFC 8259 §4: "names within an object SHOULD be
/// unique"); parsers disagree on which value wins, so a record with one is bad input.
/// Cheap on the hot path: the first `inlineCapacity` keys sit in a caller-provided stack buffer
/// and are compared by length, then bytes; only a larger object builds a set of its keys.
struct MemberKeys {
    static let inlineCapacity = 16

    private let inline: UnsafeMutableBufferPointer<StringSpan>
    private var count = 0
    /// Every key's unescaped bytes, once the object has more keys than `inline` holds.
    private var many: Set<[UInt8]>?

    init(inline: UnsafeMutableBufferPointer<StringSpan>) {
        self.inline = inline
    }

    /// Records `key`, a span of `scanner`'s buffer just scanned.
    /// - Throws: `InputError` at the key when the object already has it.
    mutating func insert(_ key: StringSpan, scanner: JSONScanner) throws(InputError) {
        if count < inline.count {
            for index in 0..<count {
                if try Self.same(inline[index], key, scanner) { throw try Self.duplicate(key, scanner) }
            }
            inline[count] = key
            count += 1
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

    /// Whether two keys are the same string: byte for byte, or after unescaping when either has
    /// an escape (`"id"` and `"\u0069d"` are one key). Never Unicode-equivalence: JSON compares code points.
    private static func same(_ a: StringSpan, _ b: StringSpan, _ scanner: JSONScanner) throws(InputError) -> Bool {
        if !a.escaped && !b.escaped {
            let length = a.end - a.start
            guard length == b.end - b.start else { return false }
            return length == 0 || memcmp(scanner.base + a.start, scanner.base + b.start, length) == 0
        }
        return try scanner.string(a).utf8.elementsEqual(try scanner.string(b).utf8)
    }

    private static func duplicate(_ key: StringSpan, _ scanner: JSONScanner) throws(InputError) -> InputError {
        let name = try scanner.string(key)
        return scanner.error("duplicate key \(name.debugDescription) in one object", at: key.start - 1)
    }
}
