import CLibGit2
import Foundation
import Testing

@testable import GitStore

/// Small objects compressed without zlib's trees: every stream must inflate, through zlib itself,
/// to its input, whatever the input and whatever the hash table holds from earlier inputs.
@Suite struct FixedHuffmanDeflateTests {
    /// zlib's `uncompress` of `stream`, expecting `count` bytes.
    func inflated(_ stream: [UInt8], count: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(count, 1))
        var length = uLongf(output.count)
        let code = output.withUnsafeMutableBufferPointer { out in
            stream.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong(stream.count)) }
        }
        try #require(code == Z_OK, "zlib: \(code)")
        return Array(output.prefix(Int(length)))
    }

    /// Inputs of every kind: empty, one to three bytes, text that repeats near and far, a record's
    /// JSON, random bytes (every literal, no matches), runs of one byte (overlapping copies), and
    /// the largest size.
    func inputs() -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        var inputs: [[UInt8]] = [[], [7], [1, 2], [0xFF, 0xFF, 0xFF], Array(repeating: 0x61, count: 2048)]
        inputs.append(Array(#"{"fields": {"city": {"type": "STRING", "value": "Fuka"}}, "recordName": "K107C"}"#.utf8))
        for _ in 0..<200 {
            let count = Int.random(in: 0...FixedHuffmanDeflate.limit, using: &generator)
            let alphabet = [2, 4, 16, 256][Int.random(in: 0..<4, using: &generator)]
            inputs.append((0..<count).map { _ in UInt8(Int.random(in: 0..<alphabet, using: &generator)) })
        }
        return inputs
    }

    @Test func everyStreamInflatesToItsInput() throws {
        let hashes = UnsafeMutablePointer<UInt16>.allocate(capacity: FixedHuffmanDeflate.hashCount)
        defer { hashes.deallocate() }
        // Whatever the table holds (here, positions from other inputs) only ever proposes a match.
        hashes.initialize(repeating: 0xFFFF, count: FixedHuffmanDeflate.hashCount)
        for input in inputs() {
            var output = [UInt8](repeating: 0, count: FixedHuffmanDeflate.bound(input.count))
            let length = output.withUnsafeMutableBytes { out in
                input.withUnsafeBytes { FixedHuffmanDeflate.compress($0, into: out, hashes: hashes) }
            }
            #expect(try inflated(Array(output.prefix(length)), count: input.count) == input, "\(input.count) bytes")
        }
    }

    @Test func aRecordShrinksAndTheChecksumIsZlibs() throws {
        let record = Array(
            #"{"fields": {"aliases": {"type": "STRING_LIST", "value": ["GUQ", "Fuka Intl"]}, "city": {"type": "STRING", "value": "Fuka"}, "country": {"type": "STRING", "value": "IS"}}, "recordName": "K107C", "recordType": "Airport"}"#
                .utf8)
        let deflater = try Deflater(level: 1)
        let compressed = try record.withUnsafeBytes { try deflater.compress($0) { Array($0) } }
        #expect(compressed.count < record.count * 3 / 4)
        #expect(try inflated(compressed, count: record.count) == record)
        let expected = record.withUnsafeBufferPointer { adler32(1, $0.baseAddress, uInt($0.count)) }
        #expect(record.withUnsafeBytes { FixedHuffmanDeflate.adler32($0) } == UInt32(expected))
    }
}
