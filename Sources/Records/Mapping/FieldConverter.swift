import Foundation

/// Why one value could not be converted; `RecordMapper` adds file, line and field.
struct FieldConversionError: Error {
    var message: String
}

/// Converts source values to normalized CloudKit field values.
///
/// - STRING: a string, NFC-normalized (pure ASCII is left as is); a JSON number or boolean becomes
///   its source text (`12.50` stays `"12.50"`).
/// - BOOLEAN (an INT64 mapping with `isBoolean`): see `boolean(_:)`.
/// - INT64: an integer number, or a string holding one (spaces around it are trimmed; an optional
///   sign; an integral fraction such as `83.0` is accepted; exponents are not). Out of range is an error.
/// - DOUBLE: a number, or a string in JSON number syntax, also with a leading `+`, a leading or
///   trailing `.` (`.5`, `5.`). Rounded correctly; NaN, infinities and overflow are errors; `-0` becomes `0`.
/// - TIMESTAMP: epoch milliseconds (an integer number or digit string), or ISO 8601 (see `TimestampParser`).
/// - BYTES: standard base64 (`+/`), padding optional.
/// - REFERENCE: a string record name (with the mapping's `reference-action`), or an object
///   `{"recordName": …, "action": …}` (`zoneID` is ignored: references stay in the record's zone).
/// - LOCATION: see `location(latitude:longitude:mapping:)` and `location(_:)`.
/// - lists: a JSON array of elements; a string is split by the mapping's separator (empty elements
///   skipped), or read as a JSON array when it starts with `[` and no separator is set. An empty
///   list is absent. A null element is an error.
enum FieldConverter {
    /// Converts the value of a single-column field; `nil` when the field is absent.
    static func convert(_ raw: RawValue?, to mapping: FieldMapping) throws(FieldConversionError) -> FieldValue? {
        guard let raw, !isAbsent(raw) else { return nil }
        if mapping.isBoolean { return .int64(try boolean(raw)) }
        guard let elementType = mapping.type.elementType else {
            return try scalar(raw, as: mapping.type, action: mapping.referenceAction)
        }
        return try list(raw, mapping: mapping) { element throws(FieldConversionError) in
            try scalar(element, as: elementType, action: mapping.referenceAction)
        }
    }

    /// A list value (of a field whose type is a list): each element converted by `convert`, an
    /// error naming the element; `nil` when there are none.
    static func list(
        _ raw: RawValue, mapping: FieldMapping, element convert: (RawValue) throws(FieldConversionError) -> FieldValue
    ) throws(FieldConversionError) -> FieldValue? {
        let elements = try listElements(raw, mapping: mapping)
        if elements.isEmpty { return nil }
        var values: [FieldValue] = []
        values.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do throws(FieldConversionError) {
                if case .null = element { throw FieldConversionError(message: "is null") }
                values.append(try convert(element))
            } catch {
                throw FieldConversionError(message: "element \(index + 1): \(error.message)")
            }
        }
        return .list(elementType: mapping.type.elementType ?? mapping.type, values)
    }

    @inline(__always) static func isAbsent(_ raw: RawValue) -> Bool {
        switch raw {
        case .null: true
        case .string(let text): text.isEmpty
        default: false
        }
    }

    /// Converts one non-absent scalar value.
    static func scalar(_ raw: RawValue, as type: FieldType, action: ReferenceAction) throws(FieldConversionError)
        -> FieldValue
    {
        switch type {
        case .string: return .string(try string(raw))
        case .int64: return .int64(try int64(raw))
        case .double: return .double(try double(raw, as: .double))
        case .timestamp: return .timestamp(try timestamp(raw))
        case .bytes: return .bytes(try bytes(raw))
        case .reference: return .reference(try reference(raw, action: action))
        case .location: return .location(try location(raw))
        default: throw failure(raw, type)
        }
    }

    /// BOOLEAN: 1 or 0 from JSON `true`/`false`, the numbers 1 and 0, or the text `true`, `false`,
    /// `yes`, `no`, `1`, `0` in any case, spaces around it trimmed.
    static func boolean(_ raw: RawValue) throws(FieldConversionError) -> Int64 {
        let text: String
        switch raw {
        case .bool(let flag): return flag ? 1 : 0
        case .number(let number): text = number
        case .string(let string): text = string.trimmingCharacters(in: .whitespaces).lowercased()
        default: text = ""
        }
        switch text {
        case "true", "yes", "1": return 1
        case "false", "no", "0": return 0
        default:
            throw FieldConversionError(
                message: "\(describe(raw)) is not a BOOLEAN (expected true, false, yes, no, 1 or 0)")
        }
    }

    static func string(_ raw: RawValue) throws(FieldConversionError) -> String {
        switch raw {
        case .string(let text): return normalized(text)
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: throw failure(raw, .string)
        }
    }

    /// NFC. Text whose scalars are all below U+0300 is already NFC (no code point there has
    /// NFC_Quick_Check No or Maybe), so Latin text skips Foundation's normalization.
    static func normalized(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) || text.unicodeScalars.allSatisfy({ $0.value < 0x300 }) {
            return text
        }
        return text.precomposedStringWithCanonicalMapping
    }

    static func int64(_ raw: RawValue) throws(FieldConversionError) -> Int64 {
        let text: String
        switch raw {
        case .number(let number): text = number
        case .string(let string): text = string
        default: throw failure(raw, .int64)
        }
        switch NumberText.int64(text) {
        case .value(let value): return value
        case .outOfRange: throw FieldConversionError(message: "\(describe(raw)) is out of the INT64 range")
        case .invalid: throw failure(raw, .int64)
        }
    }

    /// A DOUBLE, or a LOCATION coordinate when `type` is `.location`.
    static func double(_ raw: RawValue, as type: FieldType) throws(FieldConversionError) -> Double {
        let text: String
        switch raw {
        case .number(let number): text = number
        case .string(let string): text = string
        default:
            if type == .location { throw FieldConversionError(message: "\(describe(raw)) is not a number") }
            throw failure(raw, type)
        }
        guard let value = NumberText.double(text) else {
            let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
            if ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lowered) {
                throw FieldConversionError(
                    message: "\(describe(raw)) is not a finite number; NaN and infinities are not allowed")
            }
            if type == .location { throw FieldConversionError(message: "\(describe(raw)) is not a number") }
            throw failure(raw, type)
        }
        guard value.isFinite else { throw FieldConversionError(message: "\(describe(raw)) is out of the DOUBLE range") }
        if value == 0 && NumberText.hasNonzeroDigit(text) {
            // 1e-400 rounds to 0: silently storing 0 for a value that is not 0 loses data.
            throw FieldConversionError(message: "\(describe(raw)) is too small for a DOUBLE (it would become 0)")
        }
        return value == 0 ? 0 : value
    }

    static func timestamp(_ raw: RawValue) throws(FieldConversionError) -> Int64 {
        let text: String
        switch raw {
        case .number(let number): text = number
        case .string(let string): text = string
        default: throw failure(raw, .timestamp)
        }
        if case .value(let milliseconds) = NumberText.int64(text, allowFraction: false) { return milliseconds }
        if case .number = raw {
            throw FieldConversionError(
                message: "\(describe(raw)) is not a TIMESTAMP (epoch milliseconds must be an integer)")
        }
        guard let milliseconds = TimestampParser.milliseconds(text) else {
            throw FieldConversionError(
                message:
                    "\(describe(raw)) is not a TIMESTAMP (expected ISO 8601 such as 2024-03-01T12:30:00Z, or epoch milliseconds)"
            )
        }
        return milliseconds
    }

    static func bytes(_ raw: RawValue) throws(FieldConversionError) -> [UInt8] {
        guard case .string(let text) = raw, let bytes = Base64Input.decode(text) else {
            throw FieldConversionError(message: "\(describe(raw)) is not BYTES (expected base64)")
        }
        return bytes
    }

    /// "\"12a\" is not a DOUBLE"
    static func failure(_ raw: RawValue, _ type: FieldType) -> FieldConversionError {
        let article = type == .int64 ? "an" : "a"
        return FieldConversionError(message: "\(describe(raw)) is not \(article) \(type.rawValue)")
    }

    /// A short rendering of a source value for messages.
    static func describe(_ raw: RawValue) -> String {
        switch raw {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text):
            let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
            return shown.debugDescription
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
