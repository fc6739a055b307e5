import Foundation
import PropertyBased
import TestSupport
import Testing

@testable import Records

/// The JSON and JSON Lines readers against Foundation's JSONSerialization on generated
/// documents: every layout, nested values, escapes of every kind, odd whitespace, any chunking.
@Suite("JSON reader: properties")
struct JSONReaderPropertyTests {
    static let columns = ["id", "name", "n", "x", "nested"]
    static let layouts: [JSONSourceReader.Layout] = [.array, .objectOfObjects, .lines]

    @Test func readsWhatJSONSerializationReads() async {
        await propertyCheck(
            count: 300, input: Gen<UInt64>.value(in: 0...UInt64.max), Gen.int(in: 0...2), Gen.int(in: 1...4)
        ) {
            seed, layoutIndex, chunks in
            var generator = JSONDocumentGenerator(seed: seed)
            let layout = Self.layouts[layoutIndex]
            let document = generator.document(layout: layout, keys: Self.columns)
            let rows: [ReadRow]
            do {
                rows = try readRows(
                    document.text, format: layout == .lines ? .jsonl : .json, columns: Self.columns, chunks: chunks)
            } catch {
                Issue.record("\(error) reading \(document.text)")
                return
            }
            let reference = try Self.reference(document.text, layout: layout)
            #expect(rows.count == reference.count, "\(document.text)")
            for (row, (key, object)) in zip(rows, reference) {
                #expect(row.key == key, "\(document.text)")
                for (index, column) in Self.columns.enumerated() {
                    #expect(Self.same(row.values[index], object[column]), "\(column) in \(document.text)")
                }
            }
        }
    }

    /// JSONSerialization takes the last of two equal keys; the reader refuses the record.
    @Test func aRepeatedKeyIsAlwaysRefused() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value(in: 0...UInt64.max), Gen.int(in: 0...2)) {
            seed, layoutIndex in
            var generator = JSONDocumentGenerator(seed: seed)
            let layout = Self.layouts[layoutIndex]
            let document = generator.document(layout: layout, keys: Self.columns, repeatKey: true)
            let message = readError(
                document.text, format: layout == .lines ? .jsonl : .json, columns: Self.columns, path: "p")
            #expect(message.contains(": duplicate key \""), "\(message) for \(document.text)")
            // Foundation reads the same document without a word.
            _ = try Self.reference(document.text, layout: layout)
        }
    }

    /// Each record of `text` as JSONSerialization reads it, with its key in an object of objects.
    static func reference(_ text: String, layout: JSONSourceReader.Layout) throws -> [(String?, [String: Any])] {
        func parse<T>(_ text: some StringProtocol, as: T.Type) throws -> T {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? T, "\(text)")
        }
        switch layout {
        case .array:
            return try parse(text, as: [[String: Any]].self).map { (nil, $0) }
        case .objectOfObjects:
            // Key order is the file's, which the generator writes k0, k1, …
            let object = try parse(text, as: [String: [String: Any]].self)
            return (0..<object.count).map { ("k\($0)", object["k\($0)"] ?? [:]) }
        case .lines:
            var records: [(String?, [String: Any])] = []
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                records.append((nil, try parse(line, as: [String: Any].self)))
            }
            return records
        }
    }

    /// A number as Foundation's JSONSerialization returns it (Int, Double, Decimal or NSNumber by platform).
    static func number(_ value: Any) -> Double? {
        // Foundation on Linux reads fractions as Decimal: its exact digits, rounded once.
        if let decimal = value as? Decimal { return Double(decimal.description) }
        if let double = value as? Double { return double }
        if let integer = value as? Int { return Double(integer) }
        if let number = value as? NSNumber { return number.doubleValue }
        return nil
    }

    /// Whether the reader's value is the value JSONSerialization read (`nil`: absent).
    static func same(_ value: RawValue?, _ reference: Any?) -> Bool {
        switch (value, reference) {
        case (nil, nil): return true
        case (.null?, is NSNull): return true
        case (.bool(let flag)?, let other?): return (other as? Bool) == flag
        case (.number(let text)?, let other?):
            guard let expected = number(other), let value = Double(text) else { return false }
            return value == expected
        case (.string(let text)?, let string as String):
            return Array(text.unicodeScalars) == Array(string.unicodeScalars)
        case (.array(let elements)?, let array as [Any]):
            return elements.count == array.count && zip(elements, array).allSatisfy { same($0, $1) }
        case (.object(let members)?, let object as [String: Any]):
            return Set(members.keys) == Set(object.keys) && members.allSatisfy { same($0.value, object[$0.key]) }
        default: return false
        }
    }
}

/// Generated JSON documents, written by hand so that escapes and whitespace vary.
struct JSONDocumentGenerator {
    var random: SplitMix64
    /// JSON Lines: whitespace without line breaks.
    var singleLine = false

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static let texts = [
        "", "a", "Zürich", "e\u{301}", "😀", "\"", "\\", "/", "\n\t", "\u{1}", "}, {", "\u{7F}", "[1]", "€",
    ]

    mutating func document(layout: JSONSourceReader.Layout, keys: [String], repeatKey: Bool = false) -> (
        text: String, count: Int
    ) {
        let count = Int.random(in: 1...6, using: &random)
        singleLine = layout == .lines
        let records = (0..<count).map { index in
            record(keys: keys, repeatKey: repeatKey && index == count - 1)
        }
        switch layout {
        case .array:
            return ("[" + space() + records.joined(separator: space() + "," + space()) + space() + "]", count)
        case .objectOfObjects:
            let members = records.enumerated().map { "\"k\($0.offset)\"" + space() + ":" + space() + $0.element }
            return ("{" + space() + members.joined(separator: "," + space()) + space() + "}", count)
        case .lines:
            let ending = Bool.random(using: &random) ? "\n" : "\r\n"
            return (records.joined(separator: ending) + (Bool.random(using: &random) ? ending : ""), count)
        }
    }

    /// One record: some of `keys`, each once (or one of them twice, last, with `repeatKey`).
    mutating func record(keys: [String], repeatKey: Bool) -> String {
        var chosen = keys.filter { _ in Bool.random(using: &random) }
        if chosen.isEmpty { chosen = [keys[0]] }
        chosen.shuffle(using: &random)
        if repeatKey { chosen.append(chosen.randomElement(using: &random)!) }
        let members = chosen.map { key in string(key) + space() + ":" + space() + value(depth: 0) }
        return "{" + space() + members.joined(separator: "," + space()) + space() + "}"
    }

    mutating func value(depth: Int) -> String {
        switch Int.random(in: 0...(depth < 3 ? 7 : 5), using: &random) {
        case 0: return string(Self.texts.randomElement(using: &random)!)
        case 1: return String(Int.random(in: -(1 << 53)...(1 << 53), using: &random))
        case 2:
            let double =
                Double.random(in: -1e6...1e6, using: &random)
                * pow(10, Double(Int.random(in: -30...30, using: &random)))
            return "\(double)"
        case 3: return Bool.random(using: &random) ? "true" : "false"
        case 4: return "null"
        case 5: return string(Self.texts.randomElement(using: &random)! + Self.texts.randomElement(using: &random)!)
        case 6:
            let elements = (0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth: depth + 1) }
            return "[" + space() + elements.joined(separator: "," + space()) + space() + "]"
        default:
            let keys = ["p", "q", "r", "latitude"].filter { _ in Bool.random(using: &random) }
            let members = keys.map { string($0) + ":" + space() + value(depth: depth + 1) }
            return "{" + members.joined(separator: "," + space()) + "}"
        }
    }

    /// A JSON string for `text`, each character escaped or not at random (where JSON allows).
    mutating func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += Bool.random(using: &random) ? "\\n" : "\\u000a"
            case "\t": out += "\\t"
            case "/": out += Bool.random(using: &random) ? "/" : "\\/"
            default:
                if scalar.value < 0x20 || Int.random(in: 0...4, using: &random) == 0 {
                    out += Self.unicodeEscape(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        func hex(_ unit: UInt16) -> String {
            let digits = String(unit, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        return UTF16.encode(scalar)!.map(hex).joined()
    }

    mutating func space() -> String {
        (singleLine ? ["", "", " ", "\t "] : ["", "", " ", "\n", "\t ", "\r\n  "]).randomElement(using: &random)!
    }
}
