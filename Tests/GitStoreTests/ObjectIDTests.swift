import GitStore
import Testing

@Suite("ObjectID and SHA1")
struct ObjectIDTests {
    @Test func hexRoundTrip() throws {
        let id = try #require(ObjectID(hex: "4B825DC642CB6EB9A060E54BF8D69288FBEE4904"))
        #expect(id == .emptyTree)
        #expect(id.hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        #expect(id.description == id.hex)
        #expect(ObjectID(bytes: id.bytes) == id)
        #expect(id.bytes.count == 20)
    }

    @Test(arguments: ["", "abc", String(repeating: "0", count: 39), String(repeating: "g", count: 40)])
    func invalidHex(_ text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test func orderIsByteOrder() throws {
        let low = ObjectID(bytes: [UInt8](repeating: 0, count: 19) + [1])
        let high = ObjectID(bytes: [1] + [UInt8](repeating: 0, count: 19))
        #expect(low < high)
        #expect([high, low].sorted() == [low, high])
    }

    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        ),
    ])
    func sha1KnownVectors(_ input: String, _ digest: String) {
        #expect(ObjectID(bytes: SHA1.hash(Array(input.utf8))).hex == digest)
    }

    @Test func sha1IncrementalEqualsOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for split in [0, 1, 63, 64, 65, 500, 1000] {
            var sha = SHA1()
            sha.update(Array(data[..<split]))
            sha.update(Array(data[split...]))
            #expect(sha.finalize() == SHA1.hash(data))
        }
        var million = SHA1()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { million.update(chunk) }
        #expect(ObjectID(bytes: million.finalize()).hex == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }
}
