/// Compresses a small object into one zlib stream of a single fixed-Huffman deflate block
/// (RFC 1950 and RFC 1951 §3.2.6), with greedy matches found through a table of 3-byte hashes.
///
/// zlib spends about 10 µs on every stream whatever its size, building the Huffman trees of its
/// one block to choose between them: 16 µs for a 650-byte record at level 1, most of the cost of
/// a snapshot that rewrites a quarter of 235,000 records. Fixed codes need no trees: the same
/// record takes about 2 µs and comes out some 10 % larger. Inflated by any zlib, as git reads it.
enum FixedHuffmanDeflate {
    /// Objects up to this size are compressed here (larger ones amortize zlib's trees). It keeps
    /// every distance within the table below.
    static let limit = 2048

    /// The most bytes `compress` writes for `count` input bytes: 9 bits a literal at worst, the
    /// header, the end-of-block code, the padding and the checksum.
    static func bound(_ count: Int) -> Int { count + count / 8 + 16 }

    /// Writes the zlib stream of `input` (at most `limit` bytes) to `output`, which holds at
    /// least `bound(input.count)` bytes; returns its length. `hashes` is the caller's table of
    /// `hashCount` entries, in any state: a candidate it names is only used when its bytes match.
    static func compress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        hashes: UnsafeMutablePointer<UInt16>
    ) -> Int {
        precondition(input.count <= limit && output.count >= bound(input.count))
        var bits = BitWriter(output)
        // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (fastest; the pair is a multiple of 31).
        bits.write(0x0178, count: 16)
        // BFINAL = 1, BTYPE = 01: the last block, with fixed codes.
        bits.write(0b011, count: 3)
        let count = input.count
        var position = 0
        while position < count {
            if position + 3 <= count {
                let hash = Self.hash(input, at: position)
                let candidate = Int(hashes[hash])
                hashes[hash] = UInt16(position)
                if candidate < position {
                    var length = 0
                    let longest = min(258, count - position)
                    while length < longest, input[candidate + length] == input[position + length] { length += 1 }
                    if length >= 3 {
                        writeMatch(length: length, distance: position - candidate, to: &bits)
                        position += length
                        continue
                    }
                }
            }
            writeSymbol(Int(input[position]), to: &bits)
            position += 1
        }
        writeSymbol(256, to: &bits)
        let written = bits.finish()
        output.storeBytes(of: adler32(input).bigEndian, toByteOffset: written, as: UInt32.self)
        return written + 4
    }

    /// Entries in the caller's hash table.
    static let hashCount = 1 << 12

    private static func hash(_ input: UnsafeRawBufferPointer, at position: Int) -> Int {
        let word = UInt32(input[position]) | UInt32(input[position + 1]) << 8 | UInt32(input[position + 2]) << 16
        return Int((word &* 2_654_435_761) >> 20)
    }

    private static func writeSymbol(_ symbol: Int, to bits: inout BitWriter) {
        let code = literalCodes[symbol]
        bits.write(UInt64(code.bits), count: Int(code.length))
    }

    private static func writeMatch(length: Int, distance: Int, to bits: inout BitWriter) {
        let lengthIndex = Int(lengthCodes[length])
        writeSymbol(257 + lengthIndex, to: &bits)
        bits.write(UInt64(length - Int(lengthBases[lengthIndex])), count: Int(lengthExtraBits[lengthIndex]))
        let distanceIndex = Int(distanceCodes[distance])
        bits.write(UInt64(distanceSymbols[distanceIndex]), count: 5)
        bits.write(
            UInt64(distance - Int(distanceBases[distanceIndex])), count: Int(distanceExtraBits[distanceIndex]))
    }

    /// Adler-32 of at most `limit` bytes: the sums cannot overflow before the one reduction.
    static func adler32(_ input: UnsafeRawBufferPointer) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in input {
            a &+= UInt32(byte)
            b &+= a
        }
        return (b % 65521) << 16 | (a % 65521)
    }

    // MARK: The fixed code (RFC 1951 §3.2.5–3.2.6)

    /// Each literal/length symbol's code, bit-reversed for the stream's least-significant-first order.
    private static let literalCodes: [(bits: UInt32, length: UInt8)] = (0..<288).map { symbol in
        let (code, length): (Int, Int) =
            switch symbol {
            case 0..<144: (0x30 + symbol, 8)
            case 144..<256: (0x190 + symbol - 144, 9)
            case 256..<280: (symbol - 256, 7)
            default: (0xC0 + symbol - 280, 8)
            }
        return (reversed(UInt32(code), length: length), UInt8(length))
    }

    private static let lengthBases: [UInt16] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtraBits: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBases: [UInt16] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
    ]
    private static let distanceExtraBits: [UInt8] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
    ]

    /// Each distance code's 5-bit code, bit-reversed like `literalCodes`.
    private static let distanceSymbols: [UInt32] = distanceBases.indices.map { reversed(UInt32($0), length: 5) }

    /// The length code (an index into `lengthBases`) of each match length 0...258 (3 and up used).
    private static let lengthCodes: [UInt8] = (0...258).map { length in
        UInt8(lengthBases.lastIndex { Int($0) <= length } ?? 0)
    }

    /// The distance code of each distance 1...limit.
    private static let distanceCodes: [UInt8] = (0...limit).map { distance in
        UInt8(distanceBases.lastIndex { Int($0) <= distance } ?? 0)
    }

    private static func reversed(_ code: UInt32, length: Int) -> UInt32 {
        var result: UInt32 = 0
        for bit in 0..<length where code & (1 << bit) != 0 { result |= 1 << (length - 1 - bit) }
        return result
    }

    /// Bits written least significant first, as deflate orders them.
    private struct BitWriter {
        let output: UnsafeMutableRawBufferPointer
        var written = 0
        var pending: UInt64 = 0
        var pendingCount = 0

        init(_ output: UnsafeMutableRawBufferPointer) { self.output = output }

        mutating func write(_ value: UInt64, count: Int) {
            pending |= value << UInt64(pendingCount)
            pendingCount += count
            while pendingCount >= 8 {
                output[written] = UInt8(truncatingIfNeeded: pending)
                written += 1
                pending >>= 8
                pendingCount -= 8
            }
        }

        /// Pads the last byte with zeros; the bytes written.
        mutating func finish() -> Int {
            if pendingCount > 0 {
                output[written] = UInt8(truncatingIfNeeded: pending)
                written += 1
            }
            return written
        }
    }
}
