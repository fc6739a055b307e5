import Testing
@testable import BenchKit

@Suite struct FormatTests {
    @Test func decimals() {
        func text(_ scaled: Int64, _ scale: Int) -> String {
            var out: [UInt8] = []
            ByteFormat.appendDecimal(scaled, scale: scale, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(text(45_120_000, 6) == "45.12")
        #expect(text(-5, 6) == "-0.000005")
        #expect(text(7_000_000, 6) == "7")
        #expect(text(-200, 1) == "-20")
        #expect(ByteFormat.parseDecimal(Array("-0.000005".utf8)[...], scale: 6) == -5)
        #expect(ByteFormat.parseDecimal(Array("45.12".utf8)[...], scale: 6) == 45_120_000)
        #expect(ByteFormat.parseDecimal(Array("7".utf8)[...], scale: 3) == 7000)
    }

    @Test func timestamps() {
        var out: [UInt8] = []
        ByteFormat.appendTimestamp(1_577_836_800, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "2020-01-01T00:00:00Z")
        #expect(ByteFormat.parseTimestamp(Array("2024-02-29T13:14:15Z".utf8)[...]) == 1_709_212_455)
    }

    @Test func sha1() {
        #expect(SHA1.hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex(SHA1.digest([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }
}
