import Testing

@testable import GitStore

/// `ObjectIDSet` against `Set<ObjectID>` on the same inserts: the same answers through growth,
/// repeated ids, ids that share their first eight bytes (one slot) and the zero id.
@Suite struct ObjectIDSetTests {
    @Test func answersAsASetDoes() {
        var generator = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 1...UInt64.max, using: &generator)
        var state = seed
        func nextID(prefix: UInt64? = nil) -> ObjectID {
            let words = (0..<3).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return state ^ (state >> 29)
            }
            var bytes: [UInt8] = []
            for word in [prefix ?? words[0], words[1], words[2]] {
                withUnsafeBytes(of: word.bigEndian) { bytes += $0 }
            }
            return ObjectID(bytes: bytes.prefix(20))
        }
        var set = ObjectIDSet(minimumCapacity: 4)
        var reference = Set<ObjectID>()
        var inserted: [ObjectID] = []
        var differences: [String] = []
        for round in 0..<20_000 {
            // Every fifth id shares its first eight bytes with others; every seventh is met again.
            let id =
                round % 7 == 6 && !inserted.isEmpty
                ? inserted[round % inserted.count] : nextID(prefix: round % 5 == 0 ? 42 : nil)
            let added = set.insert(id)
            let expected = reference.insert(id).inserted
            if added != expected { differences.append("round \(round): inserted \(added)") }
            inserted.append(id)
        }
        for round in 0..<5_000 {
            let id = nextID()
            if set.contains(id) != reference.contains(id) { differences.append("absent id \(round) found") }
        }
        #expect(differences.isEmpty, "seed \(seed)")
        #expect(set.count == reference.count, "seed \(seed)")
        #expect(reference.allSatisfy { set.contains($0) }, "seed \(seed)")
    }

    @Test func holdsTheZeroID() {
        let zero = ObjectID(bytes: [UInt8](repeating: 0, count: 20))
        var set = ObjectIDSet()
        #expect(!set.contains(zero))
        let first = set.insert(zero)
        let again = set.insert(zero)
        #expect(first && !again)
        #expect(set.contains(zero))
        #expect(set.count == 1)
        #expect(!set.contains(.emptyTree))
    }
}
