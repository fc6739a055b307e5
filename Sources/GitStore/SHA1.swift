import Foundation

/// An incremental SHA-1, the hash git names its objects with.
///
/// Public because the snapshot layout also uses it for record fan-out directories
/// (the first two hex digits of `SHA-1(recordName)`).
public struct SHA1: Sendable {
    private var h0: UInt32 = 0x6745_2301
    private var h1: UInt32 = 0xEFCD_AB89
    private var h2: UInt32 = 0x98BA_DCFE
    private var h3: UInt32 = 0x1032_5476
    private var h4: UInt32 = 0xC3D2_E1F0
    // 64 bytes of pending input, kept inline so hashing allocates nothing.
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var blockCount = 0
    private var totalCount: UInt64 = 0

    /// Creates a hash with no input yet.
    public init() {}

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        totalCount &+= UInt64(remaining)
        if blockCount > 0 {
            let take = min(64 - blockCount, remaining)
            let offset = blockCount
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.advanced(by: offset).copyMemory(from: input, byteCount: take) }
            blockCount += take
            input += take
            remaining -= take
            guard blockCount == 64 else { return }
            var full = block
            withUnsafeBytes(of: &full) { compress($0.baseAddress!) }
            blockCount = 0
        }
        while remaining >= 64 {
            compress(input)
            input += 64
            remaining -= 64
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: input, byteCount: remaining) }
            blockCount = remaining
        }
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the input and returns the 20-byte digest.
    public consuming func finalize() -> [UInt8] {
        finalizeID().bytes
    }

    /// Pads the input and returns the digest as an object id, without allocating.
    mutating func finalizeID() -> ObjectID {
        let bitLength = totalCount &* 8
        // 0x80, zeros up to 56 mod 64, then the bit length big-endian: at most 72 bytes.
        var padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
        let count = blockCount < 56 ? 64 - blockCount : 128 - blockCount
        return withUnsafeMutableBytes(of: &padding) { raw in
            raw[0] = 0x80
            raw.storeBytes(of: bitLength.bigEndian, toByteOffset: count - 8, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: raw[..<count]))
            var digest: (UInt32, UInt32, UInt32, UInt32, UInt32) = (h0.bigEndian, h1.bigEndian, h2.bigEndian, h3.bigEndian, h4.bigEndian)
            return withUnsafeBytes(of: &digest) { ObjectID(pointer: $0.baseAddress!) }
        }
    }

    /// The SHA-1 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var sha = SHA1()
        sha.update(bytes)
        return sha.finalize()
    }

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &<< n) | (x &>> (32 &- n)) }

    private mutating func compress(_ chunk: UnsafeRawPointer) {
        // Unrolled with the message schedule in 16 locals: the loop form ran at a fraction of the speed.
        var w0 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        var w1 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        var w2 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        var w3 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        var w4 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        var w5 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
        var w6 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        var w7 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
        var w8 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
        var w9 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
        var w10 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
        var w11 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
        var w12 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
        var w13 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
        var w14 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
        var w15 = UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
        var a = h0, b = h1, c = h2, d = h3, e = h4
        e = e &+ Self.rotl(a, 5) &+ ((b & c) | (~b & d)) &+ 0x5A82_7999 &+ w0
        b = Self.rotl(b, 30)
        d = d &+ Self.rotl(e, 5) &+ ((a & b) | (~a & c)) &+ 0x5A82_7999 &+ w1
        a = Self.rotl(a, 30)
        c = c &+ Self.rotl(d, 5) &+ ((e & a) | (~e & b)) &+ 0x5A82_7999 &+ w2
        e = Self.rotl(e, 30)
        b = b &+ Self.rotl(c, 5) &+ ((d & e) | (~d & a)) &+ 0x5A82_7999 &+ w3
        d = Self.rotl(d, 30)
        a = a &+ Self.rotl(b, 5) &+ ((c & d) | (~c & e)) &+ 0x5A82_7999 &+ w4
        c = Self.rotl(c, 30)
        e = e &+ Self.rotl(a, 5) &+ ((b & c) | (~b & d)) &+ 0x5A82_7999 &+ w5
        b = Self.rotl(b, 30)
        d = d &+ Self.rotl(e, 5) &+ ((a & b) | (~a & c)) &+ 0x5A82_7999 &+ w6
        a = Self.rotl(a, 30)
        c = c &+ Self.rotl(d, 5) &+ ((e & a) | (~e & b)) &+ 0x5A82_7999 &+ w7
        e = Self.rotl(e, 30)
        b = b &+ Self.rotl(c, 5) &+ ((d & e) | (~d & a)) &+ 0x5A82_7999 &+ w8
        d = Self.rotl(d, 30)
        a = a &+ Self.rotl(b, 5) &+ ((c & d) | (~c & e)) &+ 0x5A82_7999 &+ w9
        c = Self.rotl(c, 30)
        e = e &+ Self.rotl(a, 5) &+ ((b & c) | (~b & d)) &+ 0x5A82_7999 &+ w10
        b = Self.rotl(b, 30)
        d = d &+ Self.rotl(e, 5) &+ ((a & b) | (~a & c)) &+ 0x5A82_7999 &+ w11
        a = Self.rotl(a, 30)
        c = c &+ Self.rotl(d, 5) &+ ((e & a) | (~e & b)) &+ 0x5A82_7999 &+ w12
        e = Self.rotl(e, 30)
        b = b &+ Self.rotl(c, 5) &+ ((d & e) | (~d & a)) &+ 0x5A82_7999 &+ w13
        d = Self.rotl(d, 30)
        a = a &+ Self.rotl(b, 5) &+ ((c & d) | (~c & e)) &+ 0x5A82_7999 &+ w14
        c = Self.rotl(c, 30)
        e = e &+ Self.rotl(a, 5) &+ ((b & c) | (~b & d)) &+ 0x5A82_7999 &+ w15
        b = Self.rotl(b, 30)
        w0 = Self.rotl(w13 ^ w8 ^ w2 ^ w0, 1)
        d = d &+ Self.rotl(e, 5) &+ ((a & b) | (~a & c)) &+ 0x5A82_7999 &+ w0
        a = Self.rotl(a, 30)
        w1 = Self.rotl(w14 ^ w9 ^ w3 ^ w1, 1)
        c = c &+ Self.rotl(d, 5) &+ ((e & a) | (~e & b)) &+ 0x5A82_7999 &+ w1
        e = Self.rotl(e, 30)
        w2 = Self.rotl(w15 ^ w10 ^ w4 ^ w2, 1)
        b = b &+ Self.rotl(c, 5) &+ ((d & e) | (~d & a)) &+ 0x5A82_7999 &+ w2
        d = Self.rotl(d, 30)
        w3 = Self.rotl(w0 ^ w11 ^ w5 ^ w3, 1)
        a = a &+ Self.rotl(b, 5) &+ ((c & d) | (~c & e)) &+ 0x5A82_7999 &+ w3
        c = Self.rotl(c, 30)
        w4 = Self.rotl(w1 ^ w12 ^ w6 ^ w4, 1)
        e = e &+ Self.rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w4
        b = Self.rotl(b, 30)
        w5 = Self.rotl(w2 ^ w13 ^ w7 ^ w5, 1)
        d = d &+ Self.rotl(e, 5) &+ (a ^ b ^ c) &+ 0x6ED9_EBA1 &+ w5
        a = Self.rotl(a, 30)
        w6 = Self.rotl(w3 ^ w14 ^ w8 ^ w6, 1)
        c = c &+ Self.rotl(d, 5) &+ (e ^ a ^ b) &+ 0x6ED9_EBA1 &+ w6
        e = Self.rotl(e, 30)
        w7 = Self.rotl(w4 ^ w15 ^ w9 ^ w7, 1)
        b = b &+ Self.rotl(c, 5) &+ (d ^ e ^ a) &+ 0x6ED9_EBA1 &+ w7
        d = Self.rotl(d, 30)
        w8 = Self.rotl(w5 ^ w0 ^ w10 ^ w8, 1)
        a = a &+ Self.rotl(b, 5) &+ (c ^ d ^ e) &+ 0x6ED9_EBA1 &+ w8
        c = Self.rotl(c, 30)
        w9 = Self.rotl(w6 ^ w1 ^ w11 ^ w9, 1)
        e = e &+ Self.rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w9
        b = Self.rotl(b, 30)
        w10 = Self.rotl(w7 ^ w2 ^ w12 ^ w10, 1)
        d = d &+ Self.rotl(e, 5) &+ (a ^ b ^ c) &+ 0x6ED9_EBA1 &+ w10
        a = Self.rotl(a, 30)
        w11 = Self.rotl(w8 ^ w3 ^ w13 ^ w11, 1)
        c = c &+ Self.rotl(d, 5) &+ (e ^ a ^ b) &+ 0x6ED9_EBA1 &+ w11
        e = Self.rotl(e, 30)
        w12 = Self.rotl(w9 ^ w4 ^ w14 ^ w12, 1)
        b = b &+ Self.rotl(c, 5) &+ (d ^ e ^ a) &+ 0x6ED9_EBA1 &+ w12
        d = Self.rotl(d, 30)
        w13 = Self.rotl(w10 ^ w5 ^ w15 ^ w13, 1)
        a = a &+ Self.rotl(b, 5) &+ (c ^ d ^ e) &+ 0x6ED9_EBA1 &+ w13
        c = Self.rotl(c, 30)
        w14 = Self.rotl(w11 ^ w6 ^ w0 ^ w14, 1)
        e = e &+ Self.rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w14
        b = Self.rotl(b, 30)
        w15 = Self.rotl(w12 ^ w7 ^ w1 ^ w15, 1)
        d = d &+ Self.rotl(e, 5) &+ (a ^ b ^ c) &+ 0x6ED9_EBA1 &+ w15
        a = Self.rotl(a, 30)
        w0 = Self.rotl(w13 ^ w8 ^ w2 ^ w0, 1)
        c = c &+ Self.rotl(d, 5) &+ (e ^ a ^ b) &+ 0x6ED9_EBA1 &+ w0
        e = Self.rotl(e, 30)
        w1 = Self.rotl(w14 ^ w9 ^ w3 ^ w1, 1)
        b = b &+ Self.rotl(c, 5) &+ (d ^ e ^ a) &+ 0x6ED9_EBA1 &+ w1
        d = Self.rotl(d, 30)
        w2 = Self.rotl(w15 ^ w10 ^ w4 ^ w2, 1)
        a = a &+ Self.rotl(b, 5) &+ (c ^ d ^ e) &+ 0x6ED9_EBA1 &+ w2
        c = Self.rotl(c, 30)
        w3 = Self.rotl(w0 ^ w11 ^ w5 ^ w3, 1)
        e = e &+ Self.rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w3
        b = Self.rotl(b, 30)
        w4 = Self.rotl(w1 ^ w12 ^ w6 ^ w4, 1)
        d = d &+ Self.rotl(e, 5) &+ (a ^ b ^ c) &+ 0x6ED9_EBA1 &+ w4
        a = Self.rotl(a, 30)
        w5 = Self.rotl(w2 ^ w13 ^ w7 ^ w5, 1)
        c = c &+ Self.rotl(d, 5) &+ (e ^ a ^ b) &+ 0x6ED9_EBA1 &+ w5
        e = Self.rotl(e, 30)
        w6 = Self.rotl(w3 ^ w14 ^ w8 ^ w6, 1)
        b = b &+ Self.rotl(c, 5) &+ (d ^ e ^ a) &+ 0x6ED9_EBA1 &+ w6
        d = Self.rotl(d, 30)
        w7 = Self.rotl(w4 ^ w15 ^ w9 ^ w7, 1)
        a = a &+ Self.rotl(b, 5) &+ (c ^ d ^ e) &+ 0x6ED9_EBA1 &+ w7
        c = Self.rotl(c, 30)
        w8 = Self.rotl(w5 ^ w0 ^ w10 ^ w8, 1)
        e = e &+ Self.rotl(a, 5) &+ ((b & c) | (b & d) | (c & d)) &+ 0x8F1B_BCDC &+ w8
        b = Self.rotl(b, 30)
        w9 = Self.rotl(w6 ^ w1 ^ w11 ^ w9, 1)
        d = d &+ Self.rotl(e, 5) &+ ((a & b) | (a & c) | (b & c)) &+ 0x8F1B_BCDC &+ w9
        a = Self.rotl(a, 30)
        w10 = Self.rotl(w7 ^ w2 ^ w12 ^ w10, 1)
        c = c &+ Self.rotl(d, 5) &+ ((e & a) | (e & b) | (a & b)) &+ 0x8F1B_BCDC &+ w10
        e = Self.rotl(e, 30)
        w11 = Self.rotl(w8 ^ w3 ^ w13 ^ w11, 1)
        b = b &+ Self.rotl(c, 5) &+ ((d & e) | (d & a) | (e & a)) &+ 0x8F1B_BCDC &+ w11
        d = Self.rotl(d, 30)
        w12 = Self.rotl(w9 ^ w4 ^ w14 ^ w12, 1)
        a = a &+ Self.rotl(b, 5) &+ ((c & d) | (c & e) | (d & e)) &+ 0x8F1B_BCDC &+ w12
        c = Self.rotl(c, 30)
        w13 = Self.rotl(w10 ^ w5 ^ w15 ^ w13, 1)
        e = e &+ Self.rotl(a, 5) &+ ((b & c) | (b & d) | (c & d)) &+ 0x8F1B_BCDC &+ w13
        b = Self.rotl(b, 30)
        w14 = Self.rotl(w11 ^ w6 ^ w0 ^ w14, 1)
        d = d &+ Self.rotl(e, 5) &+ ((a & b) | (a & c) | (b & c)) &+ 0x8F1B_BCDC &+ w14
        a = Self.rotl(a, 30)
        w15 = Self.rotl(w12 ^ w7 ^ w1 ^ w15, 1)
        c = c &+ Self.rotl(d, 5) &+ ((e & a) | (e & b) | (a & b)) &+ 0x8F1B_BCDC &+ w15
        e = Self.rotl(e, 30)
        w0 = Self.rotl(w13 ^ w8 ^ w2 ^ w0, 1)
        b = b &+ Self.rotl(c, 5) &+ ((d & e) | (d & a) | (e & a)) &+ 0x8F1B_BCDC &+ w0
        d = Self.rotl(d, 30)
        w1 = Self.rotl(w14 ^ w9 ^ w3 ^ w1, 1)
        a = a &+ Self.rotl(b, 5) &+ ((c & d) | (c & e) | (d & e)) &+ 0x8F1B_BCDC &+ w1
        c = Self.rotl(c, 30)
        w2 = Self.rotl(w15 ^ w10 ^ w4 ^ w2, 1)
        e = e &+ Self.rotl(a, 5) &+ ((b & c) | (b & d) | (c & d)) &+ 0x8F1B_BCDC &+ w2
        b = Self.rotl(b, 30)
        w3 = Self.rotl(w0 ^ w11 ^ w5 ^ w3, 1)
        d = d &+ Self.rotl(e, 5) &+ ((a & b) | (a & c) | (b & c)) &+ 0x8F1B_BCDC &+ w3
        a = Self.rotl(a, 30)
        w4 = Self.rotl(w1 ^ w12 ^ w6 ^ w4, 1)
        c = c &+ Self.rotl(d, 5) &+ ((e & a) | (e & b) | (a & b)) &+ 0x8F1B_BCDC &+ w4
        e = Self.rotl(e, 30)
        w5 = Self.rotl(w2 ^ w13 ^ w7 ^ w5, 1)
        b = b &+ Self.rotl(c, 5) &+ ((d & e) | (d & a) | (e & a)) &+ 0x8F1B_BCDC &+ w5
        d = Self.rotl(d, 30)
        w6 = Self.rotl(w3 ^ w14 ^ w8 ^ w6, 1)
        a = a &+ Self.rotl(b, 5) &+ ((c & d) | (c & e) | (d & e)) &+ 0x8F1B_BCDC &+ w6
        c = Self.rotl(c, 30)
        w7 = Self.rotl(w4 ^ w15 ^ w9 ^ w7, 1)
        e = e &+ Self.rotl(a, 5) &+ ((b & c) | (b & d) | (c & d)) &+ 0x8F1B_BCDC &+ w7
        b = Self.rotl(b, 30)
        w8 = Self.rotl(w5 ^ w0 ^ w10 ^ w8, 1)
        d = d &+ Self.rotl(e, 5) &+ ((a & b) | (a & c) | (b & c)) &+ 0x8F1B_BCDC &+ w8
        a = Self.rotl(a, 30)
        w9 = Self.rotl(w6 ^ w1 ^ w11 ^ w9, 1)
        c = c &+ Self.rotl(d, 5) &+ ((e & a) | (e & b) | (a & b)) &+ 0x8F1B_BCDC &+ w9
        e = Self.rotl(e, 30)
        w10 = Self.rotl(w7 ^ w2 ^ w12 ^ w10, 1)
        b = b &+ Self.rotl(c, 5) &+ ((d & e) | (d & a) | (e & a)) &+ 0x8F1B_BCDC &+ w10
        d = Self.rotl(d, 30)
        w11 = Self.rotl(w8 ^ w3 ^ w13 ^ w11, 1)
        a = a &+ Self.rotl(b, 5) &+ ((c & d) | (c & e) | (d & e)) &+ 0x8F1B_BCDC &+ w11
        c = Self.rotl(c, 30)
        w12 = Self.rotl(w9 ^ w4 ^ w14 ^ w12, 1)
        e = e &+ Self.rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w12
        b = Self.rotl(b, 30)
        w13 = Self.rotl(w10 ^ w5 ^ w15 ^ w13, 1)
        d = d &+ Self.rotl(e, 5) &+ (a ^ b ^ c) &+ 0xCA62_C1D6 &+ w13
        a = Self.rotl(a, 30)
        w14 = Self.rotl(w11 ^ w6 ^ w0 ^ w14, 1)
        c = c &+ Self.rotl(d, 5) &+ (e ^ a ^ b) &+ 0xCA62_C1D6 &+ w14
        e = Self.rotl(e, 30)
        w15 = Self.rotl(w12 ^ w7 ^ w1 ^ w15, 1)
        b = b &+ Self.rotl(c, 5) &+ (d ^ e ^ a) &+ 0xCA62_C1D6 &+ w15
        d = Self.rotl(d, 30)
        w0 = Self.rotl(w13 ^ w8 ^ w2 ^ w0, 1)
        a = a &+ Self.rotl(b, 5) &+ (c ^ d ^ e) &+ 0xCA62_C1D6 &+ w0
        c = Self.rotl(c, 30)
        w1 = Self.rotl(w14 ^ w9 ^ w3 ^ w1, 1)
        e = e &+ Self.rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w1
        b = Self.rotl(b, 30)
        w2 = Self.rotl(w15 ^ w10 ^ w4 ^ w2, 1)
        d = d &+ Self.rotl(e, 5) &+ (a ^ b ^ c) &+ 0xCA62_C1D6 &+ w2
        a = Self.rotl(a, 30)
        w3 = Self.rotl(w0 ^ w11 ^ w5 ^ w3, 1)
        c = c &+ Self.rotl(d, 5) &+ (e ^ a ^ b) &+ 0xCA62_C1D6 &+ w3
        e = Self.rotl(e, 30)
        w4 = Self.rotl(w1 ^ w12 ^ w6 ^ w4, 1)
        b = b &+ Self.rotl(c, 5) &+ (d ^ e ^ a) &+ 0xCA62_C1D6 &+ w4
        d = Self.rotl(d, 30)
        w5 = Self.rotl(w2 ^ w13 ^ w7 ^ w5, 1)
        a = a &+ Self.rotl(b, 5) &+ (c ^ d ^ e) &+ 0xCA62_C1D6 &+ w5
        c = Self.rotl(c, 30)
        w6 = Self.rotl(w3 ^ w14 ^ w8 ^ w6, 1)
        e = e &+ Self.rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w6
        b = Self.rotl(b, 30)
        w7 = Self.rotl(w4 ^ w15 ^ w9 ^ w7, 1)
        d = d &+ Self.rotl(e, 5) &+ (a ^ b ^ c) &+ 0xCA62_C1D6 &+ w7
        a = Self.rotl(a, 30)
        w8 = Self.rotl(w5 ^ w0 ^ w10 ^ w8, 1)
        c = c &+ Self.rotl(d, 5) &+ (e ^ a ^ b) &+ 0xCA62_C1D6 &+ w8
        e = Self.rotl(e, 30)
        w9 = Self.rotl(w6 ^ w1 ^ w11 ^ w9, 1)
        b = b &+ Self.rotl(c, 5) &+ (d ^ e ^ a) &+ 0xCA62_C1D6 &+ w9
        d = Self.rotl(d, 30)
        w10 = Self.rotl(w7 ^ w2 ^ w12 ^ w10, 1)
        a = a &+ Self.rotl(b, 5) &+ (c ^ d ^ e) &+ 0xCA62_C1D6 &+ w10
        c = Self.rotl(c, 30)
        w11 = Self.rotl(w8 ^ w3 ^ w13 ^ w11, 1)
        e = e &+ Self.rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w11
        b = Self.rotl(b, 30)
        w12 = Self.rotl(w9 ^ w4 ^ w14 ^ w12, 1)
        d = d &+ Self.rotl(e, 5) &+ (a ^ b ^ c) &+ 0xCA62_C1D6 &+ w12
        a = Self.rotl(a, 30)
        w13 = Self.rotl(w10 ^ w5 ^ w15 ^ w13, 1)
        c = c &+ Self.rotl(d, 5) &+ (e ^ a ^ b) &+ 0xCA62_C1D6 &+ w13
        e = Self.rotl(e, 30)
        w14 = Self.rotl(w11 ^ w6 ^ w0 ^ w14, 1)
        b = b &+ Self.rotl(c, 5) &+ (d ^ e ^ a) &+ 0xCA62_C1D6 &+ w14
        d = Self.rotl(d, 30)
        w15 = Self.rotl(w12 ^ w7 ^ w1 ^ w15, 1)
        a = a &+ Self.rotl(b, 5) &+ (c ^ d ^ e) &+ 0xCA62_C1D6 &+ w15
        c = Self.rotl(c, 30)
        h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e
    }
}
