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
        let codes = Self.codes
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
                    let length = matchLength(input, candidate, position, longest: min(258, count - position))
                    if length >= 3 {
                        // A length's code and extra bits, then the distance's: at most 28 bits.
                        let distance = position - candidate
                        let lengthBits = codes.matchCounts[length]
                        bits.write(
                            codes.matches[length] | codes.distances[distance] << lengthBits,
                            count: Int(lengthBits + codes.distanceCounts[distance]))
                        position += length
                        continue
                    }
                }
            }
            let literal = Int(input[position])
            bits.write(codes.literals[literal], count: Int(codes.literalCounts[literal]))
            position += 1
        }
        bits.write(codes.literals[256], count: Int(codes.literalCounts[256]))
        let written = bits.finish()
        output.storeBytes(of: adler32(input).bigEndian, toByteOffset: written, as: UInt32.self)
        return written + 4
    }

    /// How many bytes from `position` repeat those from `candidate` (before it), up to `longest`,
    /// compared eight at a time.
    private static func matchLength(
        _ input: UnsafeRawBufferPointer, _ candidate: Int, _ position: Int, longest: Int
    ) -> Int {
        var length = 0
        while length + 8 <= longest {
            let earlier = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: candidate + length, as: UInt64.self))
            let later = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: position + length, as: UInt64.self))
            if earlier != later { return length + (earlier ^ later).trailingZeroBitCount / 8 }
            length += 8
        }
        while length < longest, input[candidate + length] == input[position + length] { length += 1 }
        return length
    }

    /// Entries in the caller's hash table.
    static let hashCount = 1 << 12

    private static func hash(_ input: UnsafeRawBufferPointer, at position: Int) -> Int {
        let word = UInt32(input[position]) | UInt32(input[position + 1]) << 8 | UInt32(input[position + 2]) << 16
        return Int((word &* 2_654_435_761) >> 20)
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

    /// Every code the compressor writes, bit-reversed for the stream's least-significant-first
    /// order, with its length in bits: each literal and the end of the block, each match length's
    /// symbol with its extra bits, each distance's 5-bit code with its extra bits. Read through
    /// pointers: a static array costs a once-check and a bounds check on every symbol.
    private final class Codes: @unchecked Sendable {
        let literals: UnsafeMutablePointer<UInt64>
        let literalCounts: UnsafeMutablePointer<UInt8>
        /// Indexed by match length (3...258).
        let matches: UnsafeMutablePointer<UInt64>
        let matchCounts: UnsafeMutablePointer<UInt8>
        /// Indexed by distance (1...limit).
        let distances: UnsafeMutablePointer<UInt64>
        let distanceCounts: UnsafeMutablePointer<UInt8>

        init() {
            func table<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
                let pointer = UnsafeMutablePointer<T>.allocate(capacity: values.count)
                pointer.initialize(from: values, count: values.count)
                return pointer
            }
            let literalCodes = (0..<288).map { symbol in
                let (code, length): (Int, Int) =
                    switch symbol {
                    case 0..<144: (0x30 + symbol, 8)
                    case 144..<256: (0x190 + symbol - 144, 9)
                    case 256..<280: (symbol - 256, 7)
                    default: (0xC0 + symbol - 280, 8)
                    }
                return (bits: reversed(UInt64(code), length: length), length: length)
            }
            literals = table(literalCodes.map(\.bits))
            literalCounts = table(literalCodes.map { UInt8($0.length) })
            let matchCodes = (0...258).map { length -> (bits: UInt64, length: Int) in
                guard length >= 3 else { return (0, 0) }
                let index = lengthBases.lastIndex { Int($0) <= length }!
                let symbol = literalCodes[257 + index]
                let extra = UInt64(length - Int(lengthBases[index]))
                return (symbol.bits | extra << symbol.length, symbol.length + Int(lengthExtraBits[index]))
            }
            matches = table(matchCodes.map(\.bits))
            matchCounts = table(matchCodes.map { UInt8($0.length) })
            let distanceCodes = (0...limit).map { distance -> (bits: UInt64, length: Int) in
                guard distance >= 1 else { return (0, 0) }
                let index = distanceBases.lastIndex { Int($0) <= distance }!
                let extra = UInt64(distance - Int(distanceBases[index]))
                return (reversed(UInt64(index), length: 5) | extra << 5, 5 + Int(distanceExtraBits[index]))
            }
            distances = table(distanceCodes.map(\.bits))
            distanceCounts = table(distanceCodes.map { UInt8($0.length) })
        }
    }

    private static let codes = Codes()

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

    private static func reversed(_ code: UInt64, length: Int) -> UInt64 {
        var result: UInt64 = 0
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

        /// Writes the low `count` bits of `value`, at most 32.
        mutating func write(_ value: UInt64, count: Int) {
            pending |= value << UInt64(pendingCount)
            pendingCount += count
            // Four whole bytes at a time: they are all the stream's, so they fit in the output.
            if pendingCount >= 32 {
                output.storeBytes(of: UInt32(truncatingIfNeeded: pending).littleEndian, toByteOffset: written, as: UInt32.self)
                written += 4
                pending >>= 32
                pendingCount -= 32
            }
        }

        /// Pads the last byte with zeros; the bytes written.
        mutating func finish() -> Int {
            while pendingCount > 0 {
                output[written] = UInt8(truncatingIfNeeded: pending)
                written += 1
                pending >>= 8
                pendingCount -= 8
            }
            return written
        }
    }
}
