/// Whole-buffer byte scans run once per block before parsing: byte counts and searches (UTF-8
/// validation is `JSONCore.UTF8Validation`).
///
/// They read eight bytes at a time where the input allows it; the parsers then never need to
/// look at UTF-8 again and may cut strings out of the buffer without revalidating them.
enum ByteScan {
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101

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
