import GitStore

/// Where a record lives in a snapshot tree: `records/<RecordType>/<xx>/<recordName>.json`, or
/// `records/<RecordType>/<xx>/<yy>/<recordName>.json` in a type whose tree has two levels, or
/// `records/<RecordType>/<xx>/<yy>/<z>/<recordName>.json` in one of three (``FanOut``).
///
/// `xx` and `yy` are the first two bytes of SHA-1(recordName) in hex, and `z` the first hex digit
/// of its third, so every tree object stays
/// small and a sync that changes k records rewrites O(k) small trees. A record name that cannot be
/// a path segment as it is (`/`, `%`, control characters, a leading `.`) is percent-encoded in the
/// path; the blob keeps the real name.
///
/// The paths this type makes are in the one-level form, which names a record whatever its type's
/// depth: ``RecordTree`` places them at the depth of the tree they are written into or read from.
public enum RecordPath {
    /// The top-level directory of record blobs.
    public static let recordsDirectory = "records"
    /// The top-level directory of server state (change tags, timestamps) in remote snapshots.
    public static let serverDirectory = "server"

    /// The path of a record below its type's directory, in the one-level form: `<xx>/<encoded name>.json`.
    public static func pathInType(name: String) -> String {
        fanOut(name) + "/" + encode(name) + ".json"
    }

    /// The full path of a record in a snapshot tree, in the one-level form.
    public static func path(type: String, name: String, directory: String = recordsDirectory) -> String {
        directory + "/" + type + "/" + pathInType(name: name)
    }

    /// Splits `<Type>/<xx>/<encoded>.json`, or the same with the deeper levels' directories
    /// (a path below `records/`), into type and record name.
    public static func parse(pathBelowDirectory path: String) -> (type: String, name: String)? {
        // On the bytes: splitting by Character was most of a 58,000-change diff's path parsing.
        let slash = UInt8(ascii: "/")
        let utf8 = path.utf8
        guard let first = utf8.firstIndex(of: slash), let last = utf8.lastIndex(of: slash),
            (2...FanOut.maximumDepth + 1).contains(utf8[first...last].count { $0 == slash })
        else { return nil }
        guard let name = name(inFile: path[utf8.index(after: last)...]) else { return nil }
        return (String(path[..<first]), name)
    }

    /// The record name a file name `<encoded>.json` holds. On the bytes: through its characters
    /// (`hasSuffix`, `dropLast`), every path a first snapshot of ten million records placed was
    /// walked for grapheme breaks.
    private static func name(inFile file: Substring) -> String? {
        let suffix = ".json".utf8
        guard file.utf8.count >= suffix.count, file.utf8.suffix(suffix.count).elementsEqual(suffix) else { return nil }
        return decode(Substring(file.utf8.dropLast(suffix.count)))
    }

    /// The fan-out directory: the first two hex digits of SHA-1 of the record name's UTF-8 bytes.
    public static func fanOut(_ name: String) -> String {
        hex(nameHash(name).leadingByte(0))
    }

    /// SHA-1 of the name's UTF-8 bytes, which the fan-out directories are taken from.
    private static func nameHash(_ name: String) -> ObjectID {
        var name = name
        return name.withUTF8 { SHA1.digest(of: UnsafeRawBufferPointer($0)) }
    }

    /// `path` (one-level form, ending in `<xx>/<encoded>.json`, or a file name alone) at `depth`:
    /// the deeper levels' fan-out directories go before the file name (`yy/`, then `z/`).
    /// - Throws: ``SnapshotError/corrupt(path:reason:)`` when the file name is not an encoded record name.
    package static func placed(_ path: String, depth: Int) throws -> String {
        guard depth > 1 else { return path }
        let file = fileName(of: path)
        guard let name = name(inFile: file) else {
            throw SnapshotError.corrupt(path: path, reason: "not a record path")
        }
        let hash = nameHash(name)
        var levels = hex(hash.leadingByte(1)) + "/"
        if depth > 2 { levels += hexDigits[Int(hash.leadingByte(2) >> 4)] + "/" }
        return path[..<file.startIndex] + levels + file
    }

    /// What follows the last `/` of `path`: its file name (all of it when it has no `/`).
    package static func fileName(of path: String) -> Substring {
        path[(path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path.utf8.index(after: $0) } ?? path.startIndex)...]
    }

    /// A byte in two hex digits, from a table: built character by character, the fan-out
    /// directories of ten million records took seconds of a first snapshot.
    private static func hex(_ byte: UInt8) -> String {
        hexBytes[Int(byte)]
    }

    private static let hexDigits = "0123456789abcdef".map(String.init)
    private static let hexBytes = (0..<256).map { hexDigits[$0 >> 4] + hexDigits[$0 & 0x0f] }

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
