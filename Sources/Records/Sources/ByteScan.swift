import Foundation

/// Whole-buffer byte scans run once per block before parsing: byte counts and searches (UTF-8
/// validation is `JSONCore.UTF8Validation`).
///
/// They read many bytes at a time where the input allows it; the parsers then never need to
/// look at UTF-8 again and may cut strings out of the buffer without revalidating them.
enum ByteScan {
    /// How many times `byte` occurs in `from..<to`.
    static func count(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var total = 0
        var i = from
        let pattern = SIMD16<UInt8>(repeating: byte)
        // Sixteen bytes at a time: a lane counts its matches up to 255, then the lanes are added up.
        // Seven times as fast as eight bytes at a time in a word.
        while to - i >= 16 {
            var lanes = SIMD16<UInt8>()
            let stop = min(to - 15, i + 16 * 255)
            while i < stop {
                let bytes = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes &+= ones(where: bytes, equal: pattern)
                i += 16
            }
            total += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while i < to {
            if base[i] == byte { total += 1 }
            i += 1
        }
        return total
    }

    /// How many times each of two bytes occurs in `from..<to`, in one pass: the survey of a CSV
    /// file counts line feeds and quotes.
    static func count(_ first: UInt8, and second: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> (
        first: Int, second: Int
    ) {
        var totals = (0, 0)
        var i = from
        let patterns = (SIMD16<UInt8>(repeating: first), SIMD16<UInt8>(repeating: second))
        while to - i >= 16 {
            var lanes = (SIMD16<UInt8>(), SIMD16<UInt8>())
            let stop = min(to - 15, i + 16 * 255)
            while i < stop {
                let bytes = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes.0 &+= ones(where: bytes, equal: patterns.0)
                lanes.1 &+= ones(where: bytes, equal: patterns.1)
                i += 16
            }
            totals.0 += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes.0).wrappedSum())
            totals.1 += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes.1).wrappedSum())
        }
        while i < to {
            if base[i] == first { totals.0 += 1 } else if base[i] == second { totals.1 += 1 }
            i += 1
        }
        return totals
    }

    /// 1 in each lane where `bytes` equals `pattern`, 0 elsewhere.
    @inline(__always) private static func ones(where bytes: SIMD16<UInt8>, equal pattern: SIMD16<UInt8>)
        -> SIMD16<UInt8>
    {
        SIMD16<UInt8>(repeating: 1)
            & SIMD16<UInt8>(truncatingIfNeeded: unsafeBitCast(bytes .== pattern, to: SIMD16<Int8>.self))
    }

    /// The offset of the first `byte` in `from..<to`, or `to`.
    static func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        // The C library's search is vectorized: twice as fast as a word at a time, row after row.
        guard from < to, let found = memchr(base + from, Int32(byte), to - from) else { return to }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
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
