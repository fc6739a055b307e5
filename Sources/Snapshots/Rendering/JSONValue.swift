import JSONCore

/// A small JSON document builder for `--json` output: keys keep the order they are given in,
/// so the output is stable and reads well. The `--json` renderer's layer over `JSONByteWriter`,
/// which escapes the strings; this adds only the indentation.
public indirect enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A string, escaped when written.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose members keep their order.
    case object([(String, JSONValue)])
    /// JSON text that is already valid and canonical, embedded as it is.
    case raw(String)

    /// The document as pretty-printed JSON with a final newline.
    public var text: String {
        var output = JSONByteWriter(capacity: 1024)
        write(to: &output, indent: 0)
        output.append(0x0A)
        return String(decoding: output.finish(), as: UTF8.self)
    }

    private func write(to out: inout JSONByteWriter, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.writeInteger(Int64(value))
        case .string(let value): out.writeString(value)
        case .raw(let text): out.append(contentsOf: text)
        case .array(let items):
            guard !items.isEmpty else { return out.append("[]") }
            out.append("[\n")
            for (index, item) in items.enumerated() {
                out.appendSpaces(2 * (indent + 1))
                item.write(to: &out, indent: indent + 1)
                out.append(index == items.count - 1 ? "\n" : ",\n")
            }
            out.appendSpaces(2 * indent)
            out.append("]")
        case .object(let members):
            guard !members.isEmpty else { return out.append("{}") }
            out.append("{\n")
            for (index, (key, value)) in members.enumerated() {
                out.appendSpaces(2 * (indent + 1))
                out.writeString(key)
                out.append(": ")
                value.write(to: &out, indent: indent + 1)
                out.append(index == members.count - 1 ? "\n" : ",\n")
            }
            out.appendSpaces(2 * indent)
            out.append("}")
        }
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
