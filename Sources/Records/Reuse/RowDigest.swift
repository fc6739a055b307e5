/// A 128-bit digest of one record's bytes in its source file: what a row cache is keyed by.
///
/// Not a cryptographic hash: it only has to tell an edited row from the row it was, and two
/// independent 64-bit lanes make an accidental match (about 2⁻¹²⁸ per pair) far less likely than a
/// disk error.
package struct RowDigest: Hashable, Sendable {
    package var low: UInt64
    package var high: UInt64

    package init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// The digest of `bytes` under `seed` (the source's context, such as its CSV header).
    package static func of(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> RowDigest {
        let (low, high) = WyHash.hash(bytes, seeds: (seed, seed ^ 0x9E37_79B9_7F4A_7C15))
        return RowDigest(low: low, high: high)
    }

    /// The digest of a string's UTF-8 bytes.
    package static func of(_ text: String, seed: UInt64 = 0) -> RowDigest {
        var text = text
        return text.withUTF8 { of(UnsafeRawBufferPointer($0), seed: seed) }
    }
}

/// wyhash (final version 4, public domain, github.com/wangyi-fudan/wyhash): fast and well mixed.
enum WyHash {
    private static let s0: UInt64 = 0xa076_1d64_78bd_642f
    private static let s1: UInt64 = 0xe703_7ed1_a0b4_28db
    private static let s2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    private static let s3: UInt64 = 0x5899_65cc_7537_4cc3

    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    @inline(__always) private static func read8(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always) private static func read4(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// `(hash(bytes, seed: seeds.0), hash(bytes, seed: seeds.1))` in one pass: the block digests
    /// of an incremental read cover the whole source, and two passes read a gigabyte twice with
    /// half the multiplications in flight.
    static func hash(_ bytes: UnsafeRawBufferPointer, seeds: (UInt64, UInt64)) -> (UInt64, UInt64) {
        let length = bytes.count
        guard length > 48, let p = bytes.baseAddress else {
            return (hash(bytes, seed: seeds.0), hash(bytes, seed: seeds.1))
        }
        var first = seeds.0 ^ mix(seeds.0 ^ s0, s1)
        var second = seeds.1 ^ mix(seeds.1 ^ s0, s1)
        var offset = 0
        var remaining = length
        var (first1, first2, second1, second2) = (first, first, second, second)
        repeat {
            let words = (
                read8(p, offset), read8(p, offset + 8), read8(p, offset + 16), read8(p, offset + 24),
                read8(p, offset + 32), read8(p, offset + 40)
            )
            first = mix(words.0 ^ s1, words.1 ^ first)
            first1 = mix(words.2 ^ s2, words.3 ^ first1)
            first2 = mix(words.4 ^ s3, words.5 ^ first2)
            second = mix(words.0 ^ s1, words.1 ^ second)
            second1 = mix(words.2 ^ s2, words.3 ^ second1)
            second2 = mix(words.4 ^ s3, words.5 ^ second2)
            offset += 48
            remaining -= 48
        } while remaining > 48
        first ^= first1 ^ first2
        second ^= second1 ^ second2
        while remaining > 16 {
            let (word0, word1) = (read8(p, offset), read8(p, offset + 8))
            first = mix(word0 ^ s1, word1 ^ first)
            second = mix(word0 ^ s1, word1 ^ second)
            offset += 16
            remaining -= 16
        }
        let (a, b) = (read8(p, length - 16), read8(p, length - 8))
        return (finish(a, b, seed: first, length: length), finish(a, b, seed: second, length: length))
    }

    @inline(__always) private static func finish(_ a: UInt64, _ b: UInt64, seed: UInt64, length: Int) -> UInt64 {
        let product = (a ^ s1).multipliedFullWidth(by: b ^ seed)
        return mix(product.low ^ s0 ^ UInt64(length), product.high ^ s1)
    }

    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let length = bytes.count
        var seed = seed ^ mix(seed ^ s0, s1)
        var a: UInt64 = 0
        var b: UInt64 = 0
        if length == 0 {
            // a = b = 0, as wyhash has it.
        } else if length <= 16, let p = bytes.baseAddress {
            if length >= 4 {
                let shift = (length >> 3) << 2
                a = (read4(p, 0) << 32) | read4(p, shift)
                b = (read4(p, length - 4) << 32) | read4(p, length - 4 - shift)
            } else {
                a =
                    (UInt64(p.load(fromByteOffset: 0, as: UInt8.self)) << 16)
                    | (UInt64(p.load(fromByteOffset: length >> 1, as: UInt8.self)) << 8)
                    | UInt64(p.load(fromByteOffset: length - 1, as: UInt8.self))
            }
        } else if let p = bytes.baseAddress {
            var offset = 0
            var remaining = length
            if remaining > 48 {
                var seed1 = seed
                var seed2 = seed
                repeat {
                    seed = mix(read8(p, offset) ^ s1, read8(p, offset + 8) ^ seed)
                    seed1 = mix(read8(p, offset + 16) ^ s2, read8(p, offset + 24) ^ seed1)
                    seed2 = mix(read8(p, offset + 32) ^ s3, read8(p, offset + 40) ^ seed2)
                    offset += 48
                    remaining -= 48
                } while remaining > 48
                seed ^= seed1 ^ seed2
            }
            while remaining > 16 {
                seed = mix(read8(p, offset) ^ s1, read8(p, offset + 8) ^ seed)
                offset += 16
                remaining -= 16
            }
            a = read8(p, length - 16)
            b = read8(p, length - 8)
        }
        a ^= s1
        b ^= seed
        let product = a.multipliedFullWidth(by: b)
        return mix(product.low ^ s0 ^ UInt64(length), product.high ^ s1)
    }
}
