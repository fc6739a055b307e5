import Foundation
import Records

extension FieldValue {
    /// Reads a field dictionary from the wire as a record value.
    ///
    /// The type is the dictionary's `type` when it has one, else `schemaType`, else inferred from
    /// the JSON shape: string → STRING, integer → INT64, other number → DOUBLE, boolean → INT64
    /// (0/1), object with `recordName` → REFERENCE, object with `latitude` → LOCATION, object with
    /// `fileChecksum` → ASSET (ASSETID reads as ASSET), array → the
    /// list of its elements' type (INT64 and DOUBLE elements together make a DOUBLE_LIST; an empty
    /// untyped array is a STRING_LIST). An integer read as DOUBLE is a double (`3` for 3.0); INT64
    /// and DOUBLE also accept the strings `numbersAsStrings` produces; doubles are stored without `-0`.
    ///
    /// An asset becomes an `Asset` identified by the server's `fileChecksum`, which is all the
    /// wire says of its bytes; the sync engine names it by content where it knows the bytes.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST naming what was expected and what came, for a value
    ///   that does not fit its type, an unknown type, or a shape with no inferable type.
    package init(wire field: FieldDictionary, schemaType: FieldType? = nil) throws(CloudKitError) {
        let type: FieldType
        if let wireType = field.type {
            guard let known = wireType.recordFieldType else {
                throw .badRequest("field type \(wireType) is not supported by cksync")
            }
            type = known
        } else if let schemaType {
            type = schemaType
        } else {
            type = try Self.inferType(of: field.value)
        }
        self = try Self.convert(field.value, to: type)
    }

    /// The type an untyped value has by its JSON shape alone.
    package static func inferType(of value: WireJSONValue) throws(CloudKitError) -> FieldType {
        switch value {
        case .string: return .string
        case .integer, .bool: return .int64
        case .double: return .double
        case .object:
            if value["recordName"] != nil { return .reference }
            if value["latitude"] != nil { return .location }
            if value["fileChecksum"] != nil { return .asset }
            throw .badRequest(
                "cannot infer the type of an object without \"recordName\", \"latitude\" or \"fileChecksum\"")
        case .array(let elements):
            guard let first = elements.first else { return .stringList }
            var elementType = try inferType(of: first)
            for element in elements.dropFirst() {
                let other = try inferType(of: element)
                if other == elementType { continue }
                if Set([other, elementType]) == [.int64, .double] {
                    elementType = .double
                } else {
                    throw .badRequest("a list mixes \(elementType.rawValue) and \(other.rawValue) values")
                }
            }
            guard let listType = elementType.listType else { throw .badRequest("a list cannot hold lists") }
            return listType
        case .null:
            throw .badRequest("a field value cannot be null")
        }
    }

    private static func convert(_ value: WireJSONValue, to type: FieldType) throws(CloudKitError) -> FieldValue {
        func mismatch() -> CloudKitError {
            .badRequest("a \(type.rawValue) value cannot be \(value.shapeName)")
        }
        switch type {
        case .string:
            guard case .string(let text) = value else { throw mismatch() }
            return .string(text)
        case .int64:
            if case .bool(let flag) = value { return .int64(flag ? 1 : 0) }
            guard let integer = integer(value) else { throw mismatch() }
            return .int64(integer)
        case .timestamp:
            guard let integer = integer(value) else { throw mismatch() }
            return .timestamp(integer)
        case .double:
            guard let double = double(value) else { throw mismatch() }
            return .double(double)
        case .bytes:
            guard case .string(let text) = value else { throw mismatch() }
            guard let data = Data(base64Encoded: text) else { throw .badRequest("a BYTES value is not base64") }
            return .bytes([UInt8](data))
        case .reference:
            guard let reference = ReferenceDictionary(json: value) else { throw mismatch() }
            guard let action = ReferenceAction(rawValue: reference.action ?? "NONE") else {
                throw .badRequest("unknown reference action \"\(reference.action ?? "")\"")
            }
            return .reference(Reference(recordName: reference.recordName, action: action))
        case .location:
            guard let location = LocationDictionary(json: value),
                location.latitude.isFinite, location.longitude.isFinite
            else { throw mismatch() }
            // Every member is kept (issue 10): other clients send altitude, accuracies, course, speed, timestamp.
            let finite = { (member: Double?) in member.flatMap { $0.isFinite ? $0 + 0 : nil } }
            return .location(
                Location(
                    latitude: location.latitude + 0, longitude: location.longitude + 0,
                    altitude: finite(location.altitude), course: finite(location.course),
                    horizontalAccuracy: finite(location.horizontalAccuracy),
                    speed: finite(location.speed), timestamp: location.timestamp ?? value["timestamp"].flatMap(integer),
                    verticalAccuracy: finite(location.verticalAccuracy)))
        case .asset:
            guard let asset = AssetDictionary(json: value) else { throw mismatch() }
            guard let checksum = asset.fileChecksum, let size = asset.size, size >= 0 else {
                throw .badRequest("an ASSET value needs \"fileChecksum\" and \"size\"")
            }
            return .asset(Asset(size: size, identity: .fileChecksum(checksum)))
        default:
            guard let elementType = type.elementType, case .array(let elements) = value else { throw mismatch() }
            var values: [FieldValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try convert(element, to: elementType)) }
            return .list(elementType: elementType, values)
        }
    }

    /// An exact integer: a JSON integer, a whole double within range, or a decimal string.
    private static func integer(_ value: WireJSONValue) -> Int64? {
        switch value {
        case .integer(let integer): integer
        case .double(let double):
            double.rounded() == double && double >= -0x1p63 && double < 0x1p63 ? Int64(double) : nil
        case .string(let text): Int64(text)
        default: nil
        }
    }

    /// A finite double, `-0` made `0`.
    private static func double(_ value: WireJSONValue) -> Double? {
        let double: Double?
        switch value {
        case .integer(let integer): double = Double(integer)
        case .double(let value): double = value
        case .string(let text): double = Double(text)
        default: double = nil
        }
        guard let double, double.isFinite else { return nil }
        return double + 0
    }
}

extension FieldDictionary {
    /// The wire form of a record value, always with its `type`.
    ///
    /// An asset goes as the server already holds it: its `fileChecksum` and size. An asset known
    /// by its content must be uploaded first, and sent with the upload's receipt
    /// (`FieldDictionary.asset(_:)`); the sync engine does that before a record reaches here.
    ///
    /// - Parameter numbersAsStrings: INT64 and DOUBLE values as strings (the request flag of the
    ///   same name), for clients whose JSON numbers are doubles.
    package init(_ value: FieldValue, numbersAsStrings: Bool = false) {
        self.init(value: Self.json(value, numbersAsStrings: numbersAsStrings), type: WireFieldType(value.type))
    }

    private static func json(_ value: FieldValue, numbersAsStrings: Bool) -> WireJSONValue {
        switch value {
        case .string(let text): .string(text)
        case .int64(let integer): numbersAsStrings ? .string(String(integer)) : .integer(integer)
        case .double(let double): numbersAsStrings ? .string(String(double)) : .double(double)
        case .timestamp(let milliseconds): .integer(milliseconds)
        case .bytes(let bytes): .string(Data(bytes).base64EncodedString())
        case .reference(let reference):
            .object(["recordName": .string(reference.recordName), "action": .string(reference.action.rawValue)])
        case .location(let location):
            LocationDictionary(
                latitude: location.latitude, longitude: location.longitude,
                horizontalAccuracy: location.horizontalAccuracy, verticalAccuracy: location.verticalAccuracy,
                altitude: location.altitude, speed: location.speed, course: location.course,
                timestamp: location.timestamp
            ).json
        case .asset(let asset):
            switch asset.identity {
            case .fileChecksum(let checksum): AssetDictionary(fileChecksum: checksum, size: asset.size).json
            case .content:
                preconditionFailure("an asset known by its content is sent with its upload's receipt, not as a value")
            }
        case .list(_, let elements):
            .array(elements.map { json($0, numbersAsStrings: numbersAsStrings) })
        }
    }
}
