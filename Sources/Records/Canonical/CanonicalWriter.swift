/// Appends canonical JSON to a byte buffer (see `CanonicalJSON` for the format).
///
/// On the hot path of every snapshot, so it writes bytes into its own growable buffer (one
/// capacity check per write, no generic `Array.append`) and copies them into an exactly sized
/// array at the end: no Foundation, no intermediate strings.
struct CanonicalWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, in an array of exactly their size.
    consuming func finish() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        count += bytes.count
    }

    /// Appends ASCII text known at compile time.
    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
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
            writeLocation(location)
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
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 20 digits hold UInt64.max.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            append(UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    mutating func writeDouble(_ value: Double) {
        precondition(value.isFinite, "canonical JSON has no spelling for \(value)")
        if value == 0 {
            append("0.0")
        } else {
            // Double's TextOutputStreamable spelling is its `description`, handed over as ASCII
            // bytes without building a String (a heap allocation past 15 characters).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
                var stream = DoubleSpelling(buffer: buffer)
                value.write(to: &stream)
                if let overflow = stream.overflow {
                    var overflow = overflow
                    overflow.withUTF8 { append($0) }
                } else {
                    append(UnsafeBufferPointer(rebasing: buffer[..<stream.count]))
                }
            }
        }
    }

    mutating func writeString(_ string: String) {
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { utf8 in writeString(utf8) }
        if written == nil {
            let copy = Array(string.utf8)
            copy.withUnsafeBufferPointer { writeString($0) }
        }
    }

    mutating func writeString(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 2)
        append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { append(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            runStart = index + 1
            writeEscape(byte)
        }
        if runStart < utf8.count { append(UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])) }
        append(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x09: append(UInt8(ascii: "t"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x08: append(UInt8(ascii: "b"))
        case 0x0C: append(UInt8(ascii: "f"))
        default:
            append("u00")
            append(Self.hexDigits.utf8Start[Int(byte >> 4)])
            append(Self.hexDigits.utf8Start[Int(byte & 0xF)])
        }
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    mutating func writeBase64(_ data: [UInt8]) {
        append(UInt8(ascii: "\""))
        let length = Base64.encodedCount(data.count)
        reserve(length)
        Base64.encode(data, to: base + count)
        count += length
        append(UInt8(ascii: "\""))
    }
}

/// Collects the ASCII spelling of a double into a small stack buffer.
private struct DoubleSpelling: TextOutputStream {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var count = 0
    /// Everything written, should it ever not fit (a double's spelling is at most 24 bytes).
    var overflow: String?

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { _writeASCII($0) }
    }

    mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        if overflow == nil, count + bytes.count <= buffer.count {
            UnsafeMutableBufferPointer(rebasing: buffer[count..<count + bytes.count]).copyFrom(bytes)
            count += bytes.count
        } else {
            overflow =
                (overflow ?? String(decoding: buffer[..<count], as: UTF8.self))
                + String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension UnsafeMutableBufferPointer<UInt8> {
    fileprivate func copyFrom(_ source: UnsafeBufferPointer<UInt8>) {
        guard let target = baseAddress, let source = source.baseAddress else { return }
        target.update(from: source, count: count)
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

extension CanonicalWriter {
    /// `{"latitude": d, "longitude": d}`, with the other members present in key order
    /// (`altitude`, `course`, `horizontalAccuracy`, `latitude`, `longitude`, `speed`, `timestamp`,
    /// `verticalAccuracy`); a location of latitude and longitude only is written as it always was.
    mutating func writeLocation(_ location: Location) {
        var first = true
        writeMember("altitude", location.altitude, first: &first)
        writeMember("course", location.course, first: &first)
        writeMember("horizontalAccuracy", location.horizontalAccuracy, first: &first)
        writeMember("latitude", location.latitude, first: &first)
        writeMember("longitude", location.longitude, first: &first)
        writeMember("speed", location.speed, first: &first)
        if let timestamp = location.timestamp {
            writeKey("timestamp", first: &first)
            writeInt(timestamp)
        }
        writeMember("verticalAccuracy", location.verticalAccuracy, first: &first)
        append("}")
    }

    private mutating func writeMember(_ name: StaticString, _ value: Double?, first: inout Bool) {
        guard let value else { return }
        writeKey(name, first: &first)
        writeDouble(value)
    }

    private mutating func writeKey(_ name: StaticString, first: inout Bool) {
        if first { append("{\"") } else { append(", \"") }
        first = false
        append(name)
        append("\": ")
    }
}
