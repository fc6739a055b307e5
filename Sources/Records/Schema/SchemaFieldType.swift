/// A field type of the CloudKit Schema Language (cloudkit-protocol.md §12): `STRING`,
/// `LIST<INT64>`, `NUMBER PREFERRED AS DOUBLE`, `ENCRYPTED STRING`, …
public indirect enum SchemaFieldType: Sendable, Hashable, CustomStringConvertible {
    /// The scalar types, as the language spells them.
    public enum Scalar: String, Sendable, Hashable, CaseIterable {
        /// A file stored beside the record.
        case asset = "ASSET"
        /// Bytes.
        case bytes = "BYTES"
        /// A 64-bit floating-point number.
        case double = "DOUBLE"
        /// A 64-bit integer (booleans too, as 0 and 1).
        case int64 = "INT64"
        /// A latitude and longitude.
        case location = "LOCATION"
        /// A link to another record.
        case reference = "REFERENCE"
        /// Text.
        case string = "STRING"
        /// A date and time.
        case timestamp = "TIMESTAMP"
    }

    /// One of the scalar types.
    case scalar(Scalar)
    /// `NUMBER`, optionally `PREFERRED AS INT64` or `DOUBLE`.
    case number(preferred: Scalar?)
    /// `ENCRYPTED` and a type.
    case encrypted(SchemaFieldType)
    /// `LIST<…>`.
    case list(SchemaFieldType)

    /// The schema type of a cksync field type: `STRING_LIST` is `LIST<STRING>`.
    public init(_ type: FieldType) {
        if let element = type.elementType {
            self = .list(SchemaFieldType(element))
        } else {
            self = .scalar(Scalar(rawValue: type.rawValue)!)
        }
    }

    /// The cksync field type whose values a field of this type holds. NUMBER takes its preferred type (DOUBLE when none is named, since a
    /// double holds either); ENCRYPTED the type it encrypts.
    public var fieldType: FieldType? {
        switch self {
        case .scalar(let scalar): return FieldType(rawValue: scalar.rawValue)
        case .number(let preferred): return preferred == .int64 ? .int64 : .double
        case .encrypted(let type): return type.fieldType
        case .list(let element):
            guard let element = element.fieldType, element.elementType == nil else { return nil }
            return FieldType(rawValue: element.rawValue + "_LIST")
        }
    }

    /// Whether values cksync writes as `type` fit a field of this type: the same type, its
    /// ENCRYPTED form, or NUMBER for INT64 and DOUBLE (unless it prefers the other).
    public func accepts(_ type: SchemaFieldType) -> Bool {
        switch (self, type) {
        case (.encrypted(let inner), _): return inner.accepts(type)
        case (.number(let preferred), .scalar(let scalar)):
            return (scalar == .int64 || scalar == .double) && (preferred == nil || preferred == scalar)
        case (.list(let mine), .list(let theirs)): return mine.accepts(theirs)
        default: return self == type
        }
    }

    public var description: String {
        switch self {
        case .scalar(let scalar): scalar.rawValue
        case .number(let preferred): "NUMBER" + (preferred.map { " PREFERRED AS \($0.rawValue)" } ?? "")
        case .encrypted(let type): "ENCRYPTED \(type)"
        case .list(let element): "LIST<\(element)>"
        }
    }
}
