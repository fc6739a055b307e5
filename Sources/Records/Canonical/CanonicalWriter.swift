import JSONCore

/// Appends canonical JSON to a byte buffer (see `CanonicalJSON` for the format): the blob codec's
/// layer over `JSONByteWriter`, which does the bytes, the escaping and the number spellings.
///
/// On the hot path of every snapshot: the core writer writes into its own growable buffer and
/// copies the bytes into an exactly sized array at the end; no Foundation, no intermediate strings.
struct CanonicalWriter: ~Copyable {
    private var output: JSONByteWriter

    init(capacity: Int = 256) {
        output = JSONByteWriter(capacity: capacity)
    }

    /// The bytes written, in an array of exactly their size.
    consuming func finish() -> [UInt8] { output.finish() }

    @inline(__always) mutating func append(_ byte: UInt8) { output.append(byte) }
    @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { output.append(bytes) }
    @inline(__always) mutating func append(_ text: StaticString) { output.append(text) }
    @inline(__always) mutating func writeInt(_ value: Int64) { output.writeInteger(value) }
    @inline(__always) mutating func writeString(_ string: String) { output.writeString(string) }
    @inline(__always) mutating func writeString(_ utf8: UnsafeBufferPointer<UInt8>) { output.writeString(utf8) }

    /// Doubles in the shortest round-trip spelling; both zeros as `0.0`.
    mutating func writeDouble(_ value: Double) {
        precondition(value.isFinite, "canonical JSON has no spelling for \(value)")
        if value == 0 { append("0.0") } else { output.writeDouble(value) }
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
        case .asset(let asset):
            writeAsset(asset)
        case .list(_, let elements):
            append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { append(", ") }
                writeValue(element)
            }
            append("]")
        }
    }

    mutating func writeBase64(_ data: [UInt8]) {
        append(UInt8(ascii: "\""))
        let length = Base64.encodedCount(data.count)
        output.appendDirectly(count: length) { target in
            Base64.encode(data, to: target)
            return length
        }
        append(UInt8(ascii: "\""))
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
        case .asset: "ASSET"
        case .stringList: "STRING_LIST"
        case .int64List: "INT64_LIST"
        case .doubleList: "DOUBLE_LIST"
        case .timestampList: "TIMESTAMP_LIST"
        case .bytesList: "BYTES_LIST"
        case .referenceList: "REFERENCE_LIST"
        case .locationList: "LOCATION_LIST"
        case .assetList: "ASSET_LIST"
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

    /// `{"content": "<blob id>", "size": n}`, or `{"fileChecksum": "…", "size": n}` for an
    /// asset known only by the server's checksum.
    mutating func writeAsset(_ asset: Asset) {
        switch asset.identity {
        case .content(let id):
            append("{\"content\": ")
            writeString(id)
        case .fileChecksum(let checksum):
            append("{\"fileChecksum\": ")
            writeString(checksum)
        }
        append(", \"size\": ")
        writeInt(asset.size)
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
