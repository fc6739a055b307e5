/// The canonical JSON form of a record: the bytes of its snapshot blob.
///
/// Same record in, same bytes out, so equal records are equal git blob ids and `git log -p`
/// reads like a field diff. The format:
///
/// ```
/// {
///   "fields": {
///     "elevation": {"type": "INT64", "value": 83},
///     "location": {"type": "LOCATION", "value": {"latitude": 51.4706, "longitude": -0.461941}},
///     "name": {"type": "STRING", "value": "London Heathrow"},
///     "refs": {"type": "REFERENCE_LIST", "value": [{"action": "NONE", "recordName": "x"}]}
///   },
///   "recordName": "EGLL",
///   "recordType": "Airport"
/// }
/// ```
///
/// - Objects: keys sorted by their UTF-8 bytes, everywhere; `": "` after a key, `", "` between
///   members on one line. The record object has one member per line, indented by two spaces,
///   and one field per line, indented by four; a record without fields has `"fields": {},`.
///   The blob ends in a newline.
/// - Field values are CloudKit's `{"type": …, "value": …}` form, on one line:
///   - INT64 and TIMESTAMP (milliseconds since 1970): decimal integers, `-` for negatives.
///   - DOUBLE: Swift's shortest round-trip `description` (`51.4706`, `3.0`, `1e-05`, `1e+20`,
///     `5e-324`), which is one spelling per value; `-0.0` is written `0.0`. NaN and infinities
///     are not values (the mapper rejects them; encoding one is a precondition failure).
///   - STRING: `"` `\` and U+0000–U+001F escaped (`\n \t \r \b \f`, otherwise `\u00xx`, lowercase
///     hex); everything else raw UTF-8. Strings are NFC already (the mapper normalizes them).
///   - BYTES: standard base64 with `=` padding.
///   - REFERENCE: `{"action": "NONE", "recordName": "x"}`.
///   - LOCATION: `{"latitude": d, "longitude": d}`, doubles spelled as DOUBLE.
///   - lists: a JSON array of the element encodings, `[a, b]`; `[]` when empty.
public enum CanonicalJSON {
    /// Encodes a record canonically. Same record in, same bytes out.
    public static func encode(_ record: Record) -> [UInt8] {
        encode(
            type: record.type, name: record.name, orderedFields: record.fields.sorted { utf8Precedes($0.key, $1.key) })
    }

    /// `encode(_:)` of a record whose fields are given in canonical order (``utf8Precedes(_:_:)``
    /// of their names, each name once): a mapper knows that order once for all its rows, and
    /// hashing every row's fields into a dictionary only to sort them again was a tenth of mapping one.
    package static func encode(
        type: String, name: String, orderedFields fields: [(key: String, value: FieldValue)]
    ) -> [UInt8] {
        var writer = CanonicalWriter(capacity: 96 + name.utf8.count + type.utf8.count + fields.count * 96)
        if fields.isEmpty {
            writer.append("{\n  \"fields\": {},\n")
        } else {
            writer.append("{\n  \"fields\": {\n")
            for (index, field) in fields.enumerated() {
                writer.append("    ")
                writer.writeString(field.key)
                writer.append(": ")
                writer.writeField(field.value)
                writer.append(index == fields.count - 1 ? "\n" : ",\n")
            }
            writer.append("  },\n")
        }
        writer.append("  \"recordName\": ")
        writer.writeString(name)
        writer.append(",\n  \"recordType\": ")
        writer.writeString(type)
        writer.append("\n}\n")
        return writer.finish()
    }

    /// Decodes a blob written by `encode`.
    ///
    /// - Throws: `CanonicalJSONError` with the byte offset and what was wrong, for anything that
    ///   is not a record in this format (JSON whitespace between tokens is tolerated).
    public static func decode(_ bytes: [UInt8]) throws(CanonicalJSONError) -> Record {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CanonicalJSONError) -> Record in
            var parser = CanonicalParser(buffer)
            return try parser.parseRecord()
        }
    }

    /// One field value in CloudKit's `{"type": …, "value": …}` form, as one line of canonical JSON.
    public static func encode(_ value: FieldValue) -> String {
        String(decoding: encodeField(value), as: UTF8.self)
    }

    /// One field value as `encode(_:)` spells it, in bytes.
    package static func encodeField(_ value: FieldValue) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.writeField(value)
        return writer.finish()
    }

    /// Decodes one field value as ``encodeField(_:)`` writes it.
    package static func decodeField(_ bytes: UnsafeRawBufferPointer) throws(CanonicalJSONError) -> FieldValue {
        var parser = CanonicalParser(bytes.assumingMemoryBound(to: UInt8.self))
        return try parser.parseField(spanning: 0..<bytes.count)
    }

    /// One double in the canonical spelling (`51.4706`, `3.0`, `1e-05`; `-0.0` as `0.0`).
    public static func spelling(of double: Double) -> String {
        precondition(double.isFinite, "canonical JSON has no spelling for \(double)")
        return double == 0 ? "0.0" : double.description
    }

    /// Orders strings by their UTF-8 bytes (the order of canonical JSON keys).
    public static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                for index in 0..<min(left.count, right.count) where left[index] != right[index] {
                    return left[index] < right[index]
                }
                return left.count < right.count
            }
        }
        return (fast ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
