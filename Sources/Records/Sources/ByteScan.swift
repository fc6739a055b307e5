/// Whole-buffer byte scans run once per block before parsing: UTF-8 validation and byte counts.
///
/// They read eight bytes at a time where the input allows it; the parsers then never need to
/// look at UTF-8 again and may cut strings out of the buffer without revalidating them.
enum ByteScan {
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101

    /// The offset of the first byte of the first invalid UTF-8 sequence in `from..<to`, or `nil`.
    ///
    /// `from` must be a character boundary; a sequence cut off by `to` is invalid.
    static func firstInvalidUTF8(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            if to - i >= 8 {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & highBits == 0 {
                    i += 8
                    continue
                }
            }
            let lead = base[i]
            if lead < 0x80 {
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
    private static func sequenceLength(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int {
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

    /// How many times `byte` occurs in `from..<to`.
    static func count(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var total = 0
        var i = from
        let pattern = lowBits &* UInt64(byte)
        while to - i >= 8 {
            // SWAR: a zero byte in word ^ pattern marks a match; exact, no false positives.
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ pattern
            let zeros = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & highBits
            total += zeros.nonzeroBitCount
            i += 8
        }
        while i < to {
            if base[i] == byte { total += 1 }
            i += 1
        }
        return total
    }

    /// The offset of the first `byte` in `from..<to`, or `to`.
    static func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var i = from
        let pattern = lowBits &* UInt64(byte)
        while to - i >= 8 {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ pattern
            let zeros = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & highBits
            if zeros != 0 { return i + zeros.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < to {
            if base[i] == byte { return i }
            i += 1
        }
        return to
    }

    /// The 1-based column of `offset` on the line that starts at `lineStart`, counted in characters
    /// (Unicode scalars), as editors show it.
    static func column(_ base: UnsafePointer<UInt8>, lineStart: Int, offset: Int) -> Int {
        var column = 1
        var i = lineStart
        while i < offset {
            if base[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }
}
