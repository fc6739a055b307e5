import Foundation
import Testing

@testable import GitStore

/// `DeltaEncoder` against a decoder written from git's description of the format (patch-delta.c):
/// every delta it returns rebuilds its target exactly, and edits cost what they change.
@Suite struct DeltaEncoderTests {
    /// Applies a git delta to `base`; nil for a malformed delta.
    static func apply(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        var position = 0
        func size() -> Int? {
            var value = 0
            var shift = 0
            while position < delta.count {
                let byte = delta[position]
                position += 1
                value |= Int(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { return value }
            }
            return nil
        }
        guard size() == base.count, let targetSize = size() else { return nil }
        var target: [UInt8] = []
        while position < delta.count {
            let opcode = delta[position]
            position += 1
            if opcode & 0x80 != 0 {
                var offset = 0
                var length = 0
                for byte in 0..<4 where opcode & (1 << byte) != 0 {
                    guard position < delta.count else { return nil }
                    offset |= Int(delta[position]) << (8 * byte)
                    position += 1
                }
                for byte in 0..<3 where opcode & (0x10 << byte) != 0 {
                    guard position < delta.count else { return nil }
                    length |= Int(delta[position]) << (8 * byte)
                    position += 1
                }
                if length == 0 { length = 0x10000 }
                guard offset + length <= base.count else { return nil }
                target += base[offset..<offset + length]
            } else if opcode != 0 {
                guard position + Int(opcode) <= delta.count else { return nil }
                target += delta[position..<position + Int(opcode)]
                position += Int(opcode)
            } else {
                return nil  // reserved
            }
        }
        return target.count == targetSize ? target : nil
    }

    func delta(_ base: [UInt8], _ target: [UInt8], limit: Int? = nil) -> [UInt8]? {
        let encoder = DeltaEncoder()
        return base.withUnsafeBytes { baseBytes in
            target.withUnsafeBytes { encoder.delta(from: baseBytes, to: $0, limit: limit ?? target.count * 2 + 64) }
        }
    }

    @Test func everyDeltaRebuildsItsTarget() {
        var random = SystemRandomNumberGenerator()
        var seed = UInt64.random(in: 0...UInt64.max, using: &random)
        let firstSeed = seed
        func next(_ bound: Int) -> Int {
            // SplitMix64: reproducible from the seed printed on failure.
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            // A few distinct bytes make repeated blocks and near-misses, as JSON and trees have.
            let alphabet = 1 + next(255)
            let base = (0..<next(3_000)).map { _ in UInt8(next(alphabet)) }
            var target = base
            for _ in 0..<next(6) {
                let at = target.isEmpty ? 0 : next(target.count)
                switch next(4) {
                case 0: target.insert(contentsOf: (0..<next(40)).map { _ in UInt8(next(256)) }, at: at)
                case 1: target.removeSubrange(at..<min(target.count, at + next(60)))
                case 2: if at < target.count { target[at] &+= 1 }
                default: target += base.prefix(next(200))
                }
            }
            if next(10) == 0 { target = (0..<next(500)).map { _ in UInt8(next(256)) } }
            guard let encoded = delta(base, target) else { continue }
            #expect(Self.apply(encoded, to: base) == target, "seed \(firstSeed)")
        }
    }

    @Test func oneChangedIDInATreeCostsTheIDAndAFewInstructions() throws {
        // 15 entries like a fan-out leaf's; the eighth gets another id.
        var base: [UInt8] = []
        for n in 0..<15 {
            base += Array("100644 K\(1000 + n).json".utf8) + [0] + (0..<20).map { UInt8(($0 * 31 + n * 7) & 0xFF) }
        }
        var target = base
        let idStart = 7 * base.count / 15 + base.count / 15 - 20
        for k in idStart..<idStart + 20 { target[k] ^= 0x5A }
        let encoded = try #require(delta(base, target, limit: target.count / 2))
        #expect(Self.apply(encoded, to: base) == target)
        #expect(encoded.count <= 4 + 20 + 1 + 2 * 5, "\(encoded.count) bytes")
    }

    @Test func unrelatedContentIsNoDelta() {
        let base = (0..<400).map { UInt8($0 % 251) }
        let target = (0..<400).map { UInt8(($0 * 97 + 13) % 256) }
        #expect(delta(base, target, limit: target.count / 2) == nil)
        #expect(delta(Array(base.prefix(10)), target, limit: 200) == nil, "bases under a block give nothing to copy")
    }

    @Test func aTreeWithTheSameNamesAndOtherIDsCopiesTheNames() throws {
        func leaf(_ salt: Int) -> [UInt8] {
            var content: [UInt8] = []
            for n in 0..<15 {
                let name = "K" + String(n * 7919 + 100_000, radix: 36).uppercased() + ".json"
                content += Array(("100644 " + name).utf8) + [0]
                for k in 0..<20 { content.append(UInt8(truncatingIfNeeded: k * 31 + n * 7 + salt * 101)) }
            }
            return content
        }
        let records = leaf(1)
        let server = leaf(2)
        let encoded = try #require(delta(records, server, limit: server.count * 2 / 3))
        #expect(Self.apply(encoded, to: records) == server)
        // Per entry: the id inserted (21 bytes) and a copy of the name (at most 5).
        #expect(encoded.count <= 4 + 15 * 26, "\(encoded.count) of \(server.count) bytes")
    }
}
