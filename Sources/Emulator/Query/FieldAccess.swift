import CloudKitWeb
import Foundation
import Records

/// How a query reads a field or a system field of a stored record.
enum FieldAccess {
    typealias Reader = (StoredRecord) -> FieldValue?

    /// The name, type and reader of a filter's or sort's field.
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST for an unknown system field or a field the type's
    ///   schema does not have.
    static func resolve(
        fieldName: String?, systemFieldName: String?, recordType: String, schema: [String: FieldType]
    ) throws -> (name: String, type: FieldType, read: Reader) {
        if let system = systemFieldName ?? (fieldName == "recordName" ? "recordName" : nil) {
            switch system {
            case "recordName", "___recordID":
                return ("recordName", .string, { .string($0.name) })
            case "createdTimestamp", "___createTime":
                return (system, .timestamp, { .timestamp($0.created.timestamp) })
            case "modifiedTimestamp", "___modTime":
                return (system, .timestamp, { .timestamp($0.modified.timestamp) })
            default:
                throw CloudKitError.badRequest(
                    "system field '\(system)' is not supported by the cksync store", operation: "records/query")
            }
        }
        guard let fieldName else {
            throw CloudKitError.badRequest("a filter needs fieldName or systemFieldName", operation: "records/query")
        }
        guard let type = schema[fieldName] else {
            throw CloudKitError.badRequest(
                "Field '\(fieldName)' is not in the schema of record type '\(recordType)'", operation: "records/query")
        }
        return (fieldName, type, { $0.record?.fields[fieldName] })
    }
}

/// Equality and order of field values as queries compare them: numbers numerically (INT64, DOUBLE
/// and TIMESTAMP alike), strings by Unicode order, references by record name.
enum FieldOrder {
    static func compare(_ left: FieldValue, _ right: FieldValue) -> ComparisonResult? {
        switch (left, right) {
        case (.string(let a), .string(let b)): return order(a, b)
        case (.int64(let a), .int64(let b)), (.timestamp(let a), .timestamp(let b)),
            (.int64(let a), .timestamp(let b)), (.timestamp(let a), .int64(let b)):
            return order(a, b)
        case (.reference(let a), .reference(let b)): return order(a.recordName, b.recordName)
        default:
            guard let a = number(left), let b = number(right) else { return nil }
            return order(a, b)
        }
    }

    static func equal(_ left: FieldValue, _ right: FieldValue) -> Bool {
        compare(left, right) == .orderedSame || left == right
    }

    private static func number(_ value: FieldValue) -> Double? {
        switch value {
        case .int64(let value), .timestamp(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    private static func order<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
        a < b ? .orderedAscending : a == b ? .orderedSame : .orderedDescending
    }
}
