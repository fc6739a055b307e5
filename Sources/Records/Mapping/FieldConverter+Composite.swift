extension FieldConverter {
    /// The elements of a list value: a JSON array, or a string split by the separator, or a string
    /// holding a JSON array (CSV cells without a separator).
    static func listElements(_ raw: RawValue, mapping: FieldMapping) throws(FieldConversionError) -> [RawValue] {
        switch raw {
        case .array(let elements):
            return elements
        case .string(let text):
            if let separator = mapping.separator, !separator.isEmpty {
                return split(text, by: separator).map { .string($0) }
            }
            if text.utf8.first == UInt8(ascii: "[") {
                guard case .array(let elements) = try embeddedJSON(text) else { throw failure(raw, mapping.type) }
                return elements
            }
            throw FieldConversionError(
                message: "\(describe(raw)) is not a \(mapping.type.rawValue): expected a JSON array, or set `separator` for this field in cksync.toml")
        default:
            throw FieldConversionError(message: "\(describe(raw)) is not a \(mapping.type.rawValue): expected a JSON array")
        }
    }

    /// Parses JSON text found inside a string value (a CSV cell holding an array or object).
    static func embeddedJSON(_ text: String) throws(FieldConversionError) -> RawValue {
        let bytes = SourceBytes(Array(text.utf8))
        var scanner = JSONScanner(
            base: bytes.base, start: 0, end: bytes.count, line: 1, lineStart: 0, path: "", invalidUTF8: .max)
        scanner.endName = "the end of the value"
        do {
            let value = try withExtendedLifetime(bytes) { () throws(InputError) -> RawValue in
                scanner.skipWhitespace()
                let value = try scanner.parseValue()
                scanner.skipWhitespace()
                if !scanner.atEnd { throw scanner.error("unexpected \(scanner.found) after the JSON value") }
                return value
            }
            return value
        } catch {
            throw FieldConversionError(message: "invalid JSON at column \(error.column ?? 1): \(error.message)")
        }
    }

    static func reference(_ raw: RawValue, action: ReferenceAction) throws(FieldConversionError) -> Reference {
        switch raw {
        case .string(let name):
            if let problem = RecordNameRules.problem(with: name) {
                throw FieldConversionError(message: "reference to record name \(name.debugDescription), which \(problem)")
            }
            return Reference(recordName: name, action: action)
        case .object(let members):
            for key in members.keys where !["recordName", "action", "zoneID"].contains(key) {
                throw FieldConversionError(
                    message: "unexpected key \(key.debugDescription) in a REFERENCE object (expected recordName and action)")
            }
            guard case .string(let name)? = members["recordName"] else {
                throw FieldConversionError(message: "a REFERENCE object needs a string \"recordName\"")
            }
            var reference = try self.reference(.string(name), action: action)
            switch members["action"] {
            case nil, .null?: break
            case .string(let text)? where ReferenceAction(rawValue: text) != nil:
                reference.action = ReferenceAction(rawValue: text)!
            case let other?:
                throw FieldConversionError(
                    message: "\(describe(other)) is not a reference action (expected NONE, DELETE_SELF or VALIDATE)")
            }
            return reference
        default:
            throw failure(raw, .reference)
        }
    }

    /// LOCATION from one value: an object with `latitude`/`lat` and `longitude`/`lon`/`lng` (other
    /// keys, such as `altitude`, are ignored), or a string holding such a JSON object (CSV).
    ///
    /// Arrays are refused on purpose: `[lat, lon]` and GeoJSON's `[lon, lat]` look the same.
    static func location(_ raw: RawValue) throws(FieldConversionError) -> Location {
        switch raw {
        case .object(let members):
            let latitude = members["latitude"] ?? members["lat"]
            let longitude = members["longitude"] ?? members["lon"] ?? members["lng"]
            guard let latitude, let longitude, !isAbsent(latitude), !isAbsent(longitude) else {
                throw FieldConversionError(message: "a LOCATION object needs \"latitude\" and \"longitude\"")
            }
            return try coordinates(latitude, longitude)
        case .string(let text) where text.utf8.first == UInt8(ascii: "{"):
            return try location(embeddedJSON(text))
        case .array:
            throw FieldConversionError(
                message: "an array is not a LOCATION: use an object {\"latitude\": …, \"longitude\": …} (arrays are ambiguous: GeoJSON puts longitude first)")
        default:
            throw FieldConversionError(
                message: "\(describe(raw)) is not a LOCATION: expected an object {\"latitude\": …, \"longitude\": …}, or `latitude`/`longitude` columns in cksync.toml")
        }
    }

    /// LOCATION from two columns: both present, or both absent (then the field is absent).
    static func location(latitude: RawValue?, longitude: RawValue?, mapping: FieldMapping)
        throws(FieldConversionError) -> FieldValue?
    {
        guard case .coordinates(let latitudeColumn, let longitudeColumn) = mapping.source else { return nil }
        let latitude = latitude.flatMap { isAbsent($0) ? nil : $0 }
        let longitude = longitude.flatMap { isAbsent($0) ? nil : $0 }
        switch (latitude, longitude) {
        case (nil, nil):
            return nil
        case (let latitude?, let longitude?):
            guard mapping.type == .location else {
                throw FieldConversionError(message: "\(mapping.type.rawValue) cannot be built from latitude and longitude columns")
            }
            return .location(try coordinates(latitude, longitude))
        case (nil, _):
            throw FieldConversionError(
                message: "latitude column \"\(latitudeColumn)\" is empty but longitude column \"\(longitudeColumn)\" is not")
        case (_, nil):
            throw FieldConversionError(
                message: "longitude column \"\(longitudeColumn)\" is empty but latitude column \"\(latitudeColumn)\" is not")
        }
    }

    private static func coordinates(_ latitude: RawValue, _ longitude: RawValue) throws(FieldConversionError)
        -> Location
    {
        let lat: Double
        let lon: Double
        do {
            lat = try double(latitude, as: .location)
        } catch {
            throw FieldConversionError(message: "latitude \(error.message)")
        }
        do {
            lon = try double(longitude, as: .location)
        } catch {
            throw FieldConversionError(message: "longitude \(error.message)")
        }
        guard (-90...90).contains(lat) else {
            throw FieldConversionError(message: "latitude \(describe(latitude)) is outside -90...90")
        }
        guard (-180...180).contains(lon) else {
            throw FieldConversionError(message: "longitude \(describe(longitude)) is outside -180...180")
        }
        return Location(latitude: lat, longitude: lon)
    }

    /// The non-empty pieces of `text` between occurrences of `separator`, compared as UTF-8 bytes
    /// (the standard library's generic `split(separator:)` is several times slower on this hot path).
    static func split(_ text: String, by separator: String) -> [String] {
        let bytes = Array(text.utf8)
        let mark = Array(separator.utf8)
        var pieces: [String] = []
        var start = 0
        var index = 0
        while index + mark.count <= bytes.count {
            if bytes[index] == mark[0], mark.count == 1 || bytes[index..<(index + mark.count)].elementsEqual(mark) {
                if index > start { pieces.append(String(decoding: bytes[start..<index], as: UTF8.self)) }
                index += mark.count
                start = index
            } else {
                index += 1
            }
        }
        if bytes.count > start { pieces.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return pieces
    }
}
