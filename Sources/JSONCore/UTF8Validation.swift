/// UTF-8 validation over raw bytes, many ASCII bytes at a time: the survey of a source file and
/// the strings of blobs and wire bodies (`JSONLexer.string(_:validatingUTF8:)`) use this one.
package enum UTF8Validation {
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The offset of the first byte of the first invalid UTF-8 sequence in `from..<to`, or `nil`.
    ///
    /// `from` must be a character boundary; a sequence cut off by `to` is invalid. Overlong forms,
    /// UTF-16 surrogates and scalars above U+10FFFF are invalid.
    @inlinable
    package static func firstInvalid(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            // A source file is mostly ASCII: thirty-two bytes are checked with four loads at once,
            // and when one is not ASCII, the read goes straight to it (a name with an accent in
            // every row made byte-by-byte steps a third of the survey of a large source).
            if to - i >= 32 {
                let raw = UnsafeRawPointer(base + i)
                let words = (
                    UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & highBits,
                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & highBits,
                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) & highBits,
                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) & highBits
                )
                if words.0 | words.1 | words.2 | words.3 == 0 {
                    i += 32
                    continue
                }
                i +=
                    words.0 != 0
                    ? words.0.trailingZeroBitCount >> 3
                    : words.1 != 0
                        ? 8 + words.1.trailingZeroBitCount >> 3
                        : words.2 != 0
                            ? 16 + words.2.trailingZeroBitCount >> 3 : 24 + words.3.trailingZeroBitCount >> 3
                let length = sequenceLength(base, at: i, end: to)
                if length == 0 { return i }
                i += length
                continue
            }
            if to - i >= 8 {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & highBits == 0 {
                    i += 8
                    continue
                }
            }
            if base[i] < 0x80 {
                i += 1
                continue
            }
            let length = sequenceLength(base, at: i, end: to)
            if length == 0 { return i }
            i += length
        }
        return nil
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when it is not valid.
    @inlinable
    static func sequenceLength(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int {
        let lead = base[i]
        @inline(__always) func continuation(_ k: Int) -> Bool { i + k < end && base[i + k] & 0xC0 == 0x80 }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0...0xEF:
            guard continuation(1), continuation(2) else { return 0 }
            let second = base[i + 1]
            if lead == 0xE0 && second < 0xA0 { return 0 }  // overlong
            if lead == 0xED && second > 0x9F { return 0 }  // UTF-16 surrogate
            return 3
        case 0xF0...0xF4:
            guard continuation(1), continuation(2), continuation(3) else { return 0 }
            let second = base[i + 1]
            if lead == 0xF0 && second < 0x90 { return 0 }  // overlong
            if lead == 0xF4 && second > 0x8F { return 0 }  // above U+10FFFF
            return 4
        default:
            return 0
        }
    }
}
