/// Appends canonical JSON to a byte buffer (see `CanonicalJSON` for the format).
///
/// On the hot path of every snapshot, so it writes bytes directly: no Foundation, no
/// intermediate strings except Swift's own shortest-round-trip spelling of doubles.
struct CanonicalWriter {
    var bytes: [UInt8] = []

    /// Appends ASCII text known at compile time.
    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func writeField(_ value: FieldValue) {
        append("{\"type\": \"")
        append(value.type.canonicalName)
        append("\", \"value\": ")
        writeValue(value)
        append("}")
    }

    mutating func writeValue(_ value: FieldValue) {
        switch value {
        case .string(let string): writeString(string)
        case .int64(let int), .timestamp(let int): writeInt(int)
        case .double(let double): writeDouble(double)
        case .bytes(let data): writeBase64(data)
        case .reference(let reference):
            append("{\"action\": \"")
            append(reference.action.canonicalName)
            append("\", \"recordName\": ")
            writeString(reference.recordName)
            append("}")
        case .location(let location):
            append("{\"latitude\": ")
            writeDouble(location.latitude)
            append(", \"longitude\": ")
            writeDouble(location.longitude)
            append("}")
        case .list(_, let elements):
            append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { append(", ") }
                writeValue(element)
            }
            append("]")
        }
    }

    mutating func writeInt(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 20 digits hold UInt64.max.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    mutating func writeDouble(_ value: Double) {
        precondition(value.isFinite, "canonical JSON has no spelling for \(value)")
        if value == 0 {
            append("0.0")
        } else {
            var spelling = value.description
            spelling.withUTF8 { bytes.append(contentsOf: $0) }
        }
    }

    mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                writeEscape(byte)
            }
            if runStart < utf8.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private mutating func writeEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            append("u00")
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0xF)])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func writeBase64(_ data: [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        Base64.encode(data, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }
}

extension FieldType {
    /// The wire name as a static string, for writing without allocation.
    var canonicalName: StaticString {
        switch self {
        case .string: "STRING"
        case .int64: "INT64"
        case .double: "DOUBLE"
        case .timestamp: "TIMESTAMP"
        case .bytes: "BYTES"
        case .reference: "REFERENCE"
        case .location: "LOCATION"
        case .stringList: "STRING_LIST"
        case .int64List: "INT64_LIST"
        case .doubleList: "DOUBLE_LIST"
        case .timestampList: "TIMESTAMP_LIST"
        case .bytesList: "BYTES_LIST"
        case .referenceList: "REFERENCE_LIST"
        case .locationList: "LOCATION_LIST"
        }
    }
}

extension ReferenceAction {
    /// The wire name as a static string, for writing without allocation.
    var canonicalName: StaticString {
        switch self {
        case .none: "NONE"
        case .deleteSelf: "DELETE_SELF"
        case .validate: "VALIDATE"
        }
    }
}
