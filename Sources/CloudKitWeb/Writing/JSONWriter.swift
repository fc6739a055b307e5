import JSONCore

/// Writes JSON as Foundation's `JSONEncoder` does with its default options: the wire codec's
/// layer over `JSONByteWriter`, with `JSONEncoder`'s two differences from the core's spelling:
/// `/` escaped as `\/`, and doubles without a trailing `.0`; NaN and infinities refused. Only the
/// order of object members differs from `JSONEncoder`'s, fixed here where `JSONEncoder`'s follows
/// its hash tables; JSON gives it no meaning.
///
/// The base of the hand-written writers of the pages a server answers
/// (`QueryResponse+Writing.swift`): `JSONEncoder` was most of `cksync serve`'s time on a fetch.
struct JSONWriter: ~Copyable {
    private var output: JSONByteWriter

    init(capacity: Int) { output = JSONByteWriter(capacity: capacity) }

    /// How many bytes have been written.
    var count: Int { output.count }

    /// The document written.
    consuming func finish() -> [UInt8] { output.finish() }

    /// Text that needs no escaping: punctuation and member names.
    mutating func raw(_ text: StaticString) { output.append(text) }

    /// `"name":`.
    mutating func key(_ name: StaticString) {
        output.append(UInt8(ascii: "\""))
        output.append(name)
        output.append("\":")
    }

    mutating func string(_ text: String) { output.writeString(text, escapingSlash: true) }

    mutating func integer(_ value: Int64) { output.writeInteger(value) }

    /// - Throws: `EncodingError.invalidValue` for NaN and infinities, as `JSONEncoder` does.
    mutating func double(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [], debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        output.writeDouble(value, droppingPointZero: true)
    }

    mutating func bool(_ value: Bool) {
        value ? raw("true") : raw("false")
    }

    mutating func json(_ value: WireJSONValue) throws {
        switch value {
        case .null: raw("null")
        case .bool(let flag): bool(flag)
        case .integer(let value): integer(value)
        case .double(let value): try double(value)
        case .string(let text): string(text)
        case .array(let elements):
            raw("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { raw(",") }
                try json(element)
            }
            raw("]")
        case .object(let members):
            try object(members) { writer, member in try writer.json(member) }
        }
    }

    /// A dictionary as an object, its members in the dictionary's order.
    mutating func object<Value>(_ members: [String: Value], _ write: (inout JSONWriter, Value) throws -> Void) rethrows
    {
        raw("{")
        var first = true
        for (name, member) in members {
            if !first { raw(",") }
            first = false
            string(name)
            raw(":")
            try write(&self, member)
        }
        raw("}")
    }
}
