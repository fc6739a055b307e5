import GitStore

/// Where a record lives in a snapshot tree: `records/<RecordType>/<xx>/<recordName>.json`.
///
/// `xx` is the first two hex digits of SHA-1(recordName), so every tree object stays small and a
/// sync that changes k records rewrites O(k) small trees. A record name that cannot be a path
/// segment as it is (`/`, `%`, control characters, a leading `.`) is percent-encoded in the path;
/// the blob keeps the real name.
public enum RecordPath {
    /// The top-level directory of record blobs.
    public static let recordsDirectory = "records"
    /// The top-level directory of server state (change tags, timestamps) in remote snapshots.
    public static let serverDirectory = "server"

    /// The path of a record below its type's directory: `<xx>/<encoded name>.json`.
    public static func pathInType(name: String) -> String {
        fanOut(name) + "/" + encode(name) + ".json"
    }

    /// The full path of a record in a snapshot tree.
    public static func path(type: String, name: String, directory: String = recordsDirectory) -> String {
        directory + "/" + type + "/" + pathInType(name: name)
    }

    /// Splits `<Type>/<xx>/<encoded>.json` (a path below `records/`) into type and record name.
    public static func parse(pathBelowDirectory path: String) -> (type: String, name: String)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasSuffix(".json") else { return nil }
        let encoded = parts[2].dropLast(".json".count)
        guard let name = decode(encoded) else { return nil }
        return (String(parts[0]), name)
    }

    /// The fan-out directory: the first two hex digits of SHA-1 of the record name's UTF-8 bytes.
    public static func fanOut(_ name: String) -> String {
        let digest = SHA1.hash(Array(name.utf8))
        let hex: [Character] = Array("0123456789abcdef")
        return String([hex[Int(digest[0] >> 4)], hex[Int(digest[0] & 0x0f)]])
    }

    static func encode(_ name: String) -> String {
        var needsEncoding = name.utf8.first == UInt8(ascii: ".")
        if !needsEncoding {
            needsEncoding = name.utf8.contains { mustEscape($0) }
        }
        guard needsEncoding else { return name }
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count + 8)
        for (index, byte) in name.utf8.enumerated() {
            if mustEscape(byte) || (index == 0 && byte == UInt8(ascii: ".")) {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0f))
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ encoded: Substring) -> String? {
        guard encoded.utf8.contains(UInt8(ascii: "%")) else { return String(encoded) }
        var out: [UInt8] = []
        var bytes = encoded.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                continue
            }
            guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else {
                return nil
            }
            out.append(high << 4 | low)
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func mustEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7f || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "%")
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
