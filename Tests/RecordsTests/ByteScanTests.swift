import Testing

@testable import Records

@Suite("ByteScan: counts many bytes at a time")
struct ByteScanTests {
    /// Two bytes counted in one pass agree with each counted alone and with a count byte by byte,
    /// at every alignment and across the 4,080-byte runs whose lane counters are summed.
    @Test func countingTwoBytesAtOnceAgreesWithCountingEach() {
        var random = SystemRandomNumberGenerator()
        for length in Array(0..<70) + [4_079, 4_080, 4_081, 9_000, 70_001] {
            let bytes = (0..<length).map { _ in
                [0x0A, 0x22, 0x41, 0xC3][Int.random(in: 0..<4, using: &random)] as UInt8
            }
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                for from in [0, min(3, length)] {
                    let both = ByteScan.count(0x0A, and: 0x22, in: base, from: from, to: length)
                    let newlines = bytes[from...].filter { $0 == 0x0A }.count
                    let quotes = bytes[from...].filter { $0 == 0x22 }.count
                    #expect(both.first == newlines && both.second == quotes, "length \(length) from \(from)")
                    #expect(ByteScan.count(0x0A, in: base, from: from, to: length) == newlines)
                }
            }
        }
    }
}
