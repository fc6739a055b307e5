import TestSupport
/// Random `records/query` answers and `records/modify` bodies as JSON text, spelled every way
/// JSON allows: any key order, whitespace, string escapes (surrogate pairs included), number
/// spellings, unknown members, nulls, repeated keys, values whose shape does not match their
/// type. Seeded, so a failure names a seed that reproduces it.
struct WireDocumentGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func document() -> String {
        var members = [("records", array((0..<int(0...6)).map { _ in record() }))]
        if chance(0.7) { members.append(("continuationMarker", chance(0.2) ? "null" : string())) }
        return object(members)
    }

    /// A `records/modify` or `records/lookup` answer: such records, and per-record errors.
    mutating func resultsDocument() -> String {
        let results = (0..<int(0...6)).map { _ in chance(0.6) ? record() : recordError() }
        return object([("records", array(results))])
    }

    private mutating func recordError() -> String {
        var members = [
            ("serverErrorCode", chance(0.02) ? "null" : quoted(pick(["CONFLICT", "THROTTLED", "NEW_CODE"])))
        ]
        if chance(0.8) { members.append(("recordName", chance(0.1) ? "null" : string())) }
        if chance(0.7) { members.append(("reason", chance(0.1) ? "null" : string())) }
        if chance(0.4) { members.append(("retryAfter", chance(0.1) ? "null" : number())) }
        if chance(0.7) { members.append(("uuid", chance(0.1) ? "null" : string())) }
        if chance(0.1) { members.append(("redirectURL", string())) }
        return object(members)
    }

    /// A `records/modify` body of such records.
    mutating func modifyDocument() -> String {
        let operations = (0..<int(0...6)).map { _ in
            var members = [
                (
                    "operationType",
                    quoted(
                        pick(["create", "update", "forceUpdate", "replace", "forceReplace", "delete", "forceDelete"]))
                ),
                ("record", record()),
            ]
            if chance(0.2) {
                members.append(("desiredKeys", chance(0.2) ? "null" : array((0..<int(0...3)).map { _ in string() })))
            }
            return object(members)
        }
        var members = [("operations", array(operations))]
        if chance(0.5) { members.append(("zoneID", chance(0.1) ? "null" : zoneID())) }
        if chance(0.3) { members.append(("atomic", pick(["true", "false", "null"]))) }
        if chance(0.3) {
            members.append(("desiredKeys", chance(0.2) ? "null" : array((0..<int(0...3)).map { _ in string() })))
        }
        if chance(0.2) { members.append(("numbersAsStrings", pick(["true", "false", "null"]))) }
        return object(members)
    }

    private mutating func record() -> String {
        var members: [(String, String)] = []
        if chance(0.95) { members.append(("recordName", chance(0.05) ? "null" : string())) }
        if chance(0.9) { members.append(("recordType", chance(0.05) ? "null" : string())) }
        if chance(0.8) { members.append(("recordChangeTag", chance(0.05) ? "null" : string())) }
        if chance(0.9) {
            let fields = (0..<int(0...8)).map { _ in (name(), fieldDictionary()) }
            members.append(("fields", chance(0.03) ? "null" : object(fields, unknown: false)))
        }
        if chance(0.8) { members.append(("created", chance(0.05) ? "null" : timestamp())) }
        if chance(0.8) { members.append(("modified", chance(0.05) ? "null" : timestamp())) }
        if chance(0.2) { members.append(("deleted", pick(["true", "false", "null"]))) }
        if chance(0.6) { members.append(("zoneID", chance(0.05) ? "null" : zoneID())) }
        return object(members)
    }

    private mutating func fieldDictionary() -> String {
        let type = pick(Self.types)
        var members = [("value", value(ofType: type))]
        if chance(0.9) { members.append(("type", chance(0.05) ? "null" : quoted(type))) }
        let repeats = chance(0.05) ? [(pick(["value", "type"]), anyValue(depth: 1))] : []
        return object(members, repeats: repeats)
    }

    private mutating func value(ofType type: String) -> String {
        if chance(0.08) { return anyValue(depth: 0) }
        switch type {
        case "STRING", "BYTES", "ASSETID": return string()
        case "INT64", "TIMESTAMP": return chance(0.9) ? integerSpelling() : number()
        case "DOUBLE": return number()
        case "LOCATION":
            var members = [("latitude", number()), ("longitude", number())]
            if chance(0.3) { members.append(("altitude", number())) }
            if chance(0.05) { members.append(("course", anyValue(depth: 1))) }
            return object(members)
        case "REFERENCE":
            return object([("recordName", string()), ("action", quoted(pick(["NONE", "DELETE_SELF", "VALIDATE"])))])
        case "STRING_LIST": return array((0..<int(0...4)).map { _ in string() })
        case "INT64_LIST", "TIMESTAMP_LIST": return array((0..<int(0...4)).map { _ in integerSpelling() })
        case "DOUBLE_LIST": return array((0..<int(0...4)).map { _ in number() })
        default: return anyValue(depth: 0)
        }
    }

    private mutating func timestamp() -> String {
        var members = [("timestamp", chance(0.995) ? integerSpelling(edges: false) : number())]
        if chance(0.8) { members.append(("userRecordName", chance(0.1) ? "null" : string())) }
        if chance(0.8) { members.append(("deviceID", chance(0.1) ? "null" : string())) }
        return object(members)
    }

    private mutating func zoneID() -> String {
        var members = [("zoneName", string())]
        if chance(0.5) { members.append(("ownerRecordName", chance(0.2) ? "null" : string())) }
        if chance(0.3) { members.append(("ownerName", chance(0.2) ? anyValue(depth: 1) : string())) }
        return object(members)
    }

    // MARK: JSON text

    /// An object with the members shuffled, sometimes unknown ones added, sometimes a key
    /// escaped; `repeats` (keys already there) after all of them.
    private mutating func object(
        _ members: [(String, String)], unknown: Bool = true, repeats: [(String, String)] = []
    ) -> String {
        var members = members
        for _ in 0..<(unknown && chance(0.2) ? int(1...2) : 0) { members.append((unknownName(), anyValue(depth: 2))) }
        members.shuffle(using: &random)
        let body = (members + repeats).map { key, value in
            space() + keyText(key) + space() + ":" + space() + value + space()
        }
        return "{" + body.joined(separator: ",") + space() + "}"
    }

    private mutating func keyText(_ key: String) -> String {
        guard chance(0.05), let first = key.unicodeScalars.first, first.isASCII else { return quoted(key) }
        let hex = String(first.value, radix: 16)
        let rest = quoted(String(key.unicodeScalars.dropFirst())).dropFirst()
        return "\"\\u" + String(repeating: "0", count: 4 - hex.count) + hex + rest
    }

    private mutating func array(_ elements: [String]) -> String {
        "[" + elements.map { space() + $0 + space() }.joined(separator: ",") + space() + "]"
    }

    private mutating func anyValue(depth: Int) -> String {
        switch int(0...(depth >= 3 ? 4 : 6)) {
        case 0: return "null"
        case 1: return pick(["true", "false"])
        case 2, 3: return number()
        case 4: return string()
        case 5: return array((0..<int(0...3)).map { _ in anyValue(depth: depth + 1) })
        default: return object((0..<int(0...3)).map { _ in (name(), anyValue(depth: depth + 1)) })
        }
    }

    /// A member name no reader knows.
    private mutating func unknownName() -> String {
        pick(["pluginFields", "extra", "é", "x y", "a\"b", "😀", ""]) + (chance(0.5) ? String(int(0...20)) : "")
    }

    private mutating func name() -> String {
        pick(["lat", "name", "value", "type", "é", "x y", "timestamp", "zoneName", "a\"b", "😀", ""])
            + (chance(0.5) ? String(int(0...20)) : "")
    }

    private mutating func string() -> String {
        var text = "\""
        for _ in 0..<int(0...24) {
            switch int(0...20) {
            case 0: text += pick(["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"])
            case 1:
                text += pick([
                    "\\u00e9", "\\u0000", "\\u001F", "\\uD83D\\uDE00", "\\udbff\\udfff", "\\u4E2D", "\\u0041",
                ])
            case 2: text += pick(["é", "中", "😀", "\u{7F}", "ß"])
            default:
                let scalar = Unicode.Scalar(UInt8(int(0x20...0x7E)))
                if scalar != "\"" && scalar != "\\" { text.unicodeScalars.append(scalar) }
            }
        }
        return text + "\""
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A whole number, mostly plain, sometimes spelled with a fraction or an exponent.
    private mutating func integerSpelling(edges: Bool = true) -> String {
        if edges && chance(0.15) { return pick(Self.edgeNumbers) }
        let value = chance(0.5) ? Int64(int(-1000...1000)) : Int64.random(in: -(1 << 60)...(1 << 60), using: &random)
        switch int(0...9) {
        case 0: return "\(value).0"
        case 1: return "\(value)e0"
        case 2: return "\(value)00E-2"
        default: return "\(value)"
        }
    }

    private mutating func number() -> String {
        if chance(0.2) { return pick(Self.edgeNumbers) }
        if chance(0.3) { return integerSpelling() }
        var text = chance(0.3) ? "-" : ""
        let integerDigits = int(1...(chance(0.8) ? 4 : 22))
        text += chance(0.2) ? "0" : String(int(1...9)) + digits(integerDigits - 1)
        if chance(0.8) { text += "." + digits(int(1...(chance(0.8) ? 8 : 25))) }
        if chance(0.2) {
            text += pick(["e", "E"]) + pick(["", "+", "-"]) + String(int(0...(chance(0.9) ? 30 : 330)))
        }
        return text
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<max(count, 0)).map { _ in Character(String(int(0...9))) })
    }

    private mutating func space() -> String {
        chance(0.8) ? "" : pick([" ", "\n", "\t", "\r\n  ", "  "])
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    private mutating func pick<T>(_ choices: [T]) -> T { choices[int(0...choices.count - 1)] }

    static let types = [
        "STRING", "INT64", "DOUBLE", "TIMESTAMP", "BYTES", "REFERENCE", "LOCATION", "ASSETID", "STRING_LIST",
        "INT64_LIST", "DOUBLE_LIST", "TIMESTAMP_LIST", "SOMETHING_NEW",
    ]

    /// Spellings where `JSONDecoder`'s number reading has corners.
    static let edgeNumbers = [
        "0", "-0", "0.0", "-0.0", "0e5", "0E1", "0.00e5", "0.0e5", "0e-5", "-0e5", "0.000e1", "0.0000e1", "1e-400",
        "2e-324", "4.9e-324", "1e308", "1.7976931348623157e308", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "-9223372036854775809", "18446744073709551616", "9007199254740992", "9007199254740993",
        "9007199254740993.0", "9007199254740993.5", "9007199254740993.0000", "-9007199254740993.0",
        "9007199254740993.0000000000000000000001", "90071992547409930e-1", "9007199254740993000000.0e-6",
        "12345678901234567.89e1", "9223372036854775295.0", "9223372036854775296.0", "-9223372036854775808.0",
        "-9223372036854775807.0", "1.0000000000000001", "1e18", "1E+2", "1.5e1", "100e-2", "123.456e3", "0.5",
        "1e19", "123456789012345678901234567890", "3", "3.0", "51.4775", "-0.4614", "1e2",
    ]
}
