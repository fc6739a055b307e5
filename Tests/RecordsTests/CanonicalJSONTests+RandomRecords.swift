import Records
import TestSupport

extension CanonicalJSONTests {
    /// Deterministic random records covering every field type and the awkward values:
    /// control characters, quotes, non-ASCII text, extreme doubles and integers.
    struct RandomRecords {
        private var random: SplitMix64

        init(seed: UInt64) { random = SplitMix64(seed: seed) }

        mutating func next() -> UInt64 { random.next() }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

        mutating func record() -> Record {
            var fields: [String: FieldValue] = [:]
            for _ in 0..<below(8) {
                let type = FieldType.allCases[below(FieldType.allCases.count)]
                fields["f\(below(1000))_\(fieldNameSuffix())"] = value(of: type)
            }
            return Record(type: "T\(below(10))", name: string(), fields: fields)
        }

        private mutating func fieldNameSuffix() -> String {
            ["", "a", "Z", "_", "name", "B9"][below(6)]
        }

        mutating func value(of type: FieldType) -> FieldValue {
            if let element = type.elementType {
                return .list(elementType: element, (0..<below(4)).map { _ in value(of: element) })
            }
            switch type {
            case .string: return .string(string())
            case .int64: return .int64(int64())
            case .timestamp: return .timestamp(int64())
            case .double: return .double(double())
            case .bytes: return .bytes((0..<below(40)).map { _ in UInt8(truncatingIfNeeded: next()) })
            case .reference:
                return .reference(Reference(recordName: string(), action: ReferenceAction.allCases[below(3)]))
            case .location: return .location(Location(latitude: double(), longitude: double()))
            case .asset:
                let size = Int64(below(Int(Asset.maximumBytes) + 1))
                guard below(4) > 0 else { return .asset(Asset(size: size, identity: .fileChecksum(string()))) }
                let id = (0..<20).map { _ in String(below(256), radix: 16).leftPadded(to: 2) }.joined()
                return .asset(Asset(size: size, identity: .content(id)))
            default: fatalError("not a scalar type")
            }
        }

        private static let pieces: [String] = [
            "a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1B}", "\u{1F}",
            "\u{7F}", "é", "ß", "中文", "😀", "✈️", "\u{2028}", "\u{FEFF}", "{", "}", "[", "]", ",", ":", "0",
        ]

        mutating func string() -> String {
            (0..<below(12)).map { _ in Self.pieces[below(Self.pieces.count)] }.joined()
        }

        private static let specialIntegers: [Int64] = [.min, .max, 0, -1, 1, 10, -10, 1_709_294_400_000]

        mutating func int64() -> Int64 {
            below(3) == 0 ? Self.specialIntegers[below(Self.specialIntegers.count)] : Int64(bitPattern: next())
        }

        private static let specialDoubles: [Double] = [
            0, 1, -1, 3, 0.1, 51.4706, -0.461941, 1e-5, 1e20, 1e16, 123_456_789_012_345_680,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 2.2250738585072014e-308, 1.7976931348623157e308,
            -1.7976931348623157e308,
            .pi, 0.30000000000000004,
        ]

        mutating func double() -> Double {
            switch below(3) {
            case 0: return Self.specialDoubles[below(Self.specialDoubles.count)]
            case 1: return Double(below(360_000_000)) / 1_000_000 - 180
            default:
                // Any finite bit pattern; -0 becomes 0 as the mapper normalizes it.
                var value = Double(bitPattern: next())
                while !value.isFinite { value = Double(bitPattern: next()) }
                return value == 0 ? 0 : value
            }
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
