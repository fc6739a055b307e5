import Foundation

/// An incremental SHA-1, the hash git names its objects with.
///
/// Public because the snapshot layout also uses it for record fan-out directories
/// (the first two hex digits of `SHA-1(recordName)`).
package struct SHA1: Sendable {
    // Internal so the unrolled compression in SHA1+Compression.swift can update them.
    var h0: UInt32 = 0x6745_2301
    var h1: UInt32 = 0xEFCD_AB89
    var h2: UInt32 = 0x98BA_DCFE
    var h3: UInt32 = 0x1032_5476
    var h4: UInt32 = 0xC3D2_E1F0
    // 64 bytes of pending input, kept inline so hashing allocates nothing.
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var blockCount = 0
    private var totalCount: UInt64 = 0

    /// Creates a hash with no input yet.
    package init() {}

    /// Adds bytes to the hash.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
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
    package mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the input and returns the 20-byte digest.
    package consuming func finalize() -> [UInt8] {
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
    package static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var sha = SHA1()
        sha.update(bytes)
        return sha.finalize()
    }
}
