import CloudKitWeb
import Foundation
import Records

/// A query's filters as one test over a stored record, evaluated in Swift.
///
/// Supported: EQUALS, NOT_EQUALS, LESS_THAN(_OR_EQUALS), GREATER_THAN(_OR_EQUALS), IN, NOT_IN,
/// BEGINS_WITH, NOT_BEGINS_WITH, LIST_CONTAINS, NOT_LIST_CONTAINS on fields and on the system
/// fields `recordName`, `createdTimestamp` and `modifiedTimestamp`. A record without the field
/// fails every positive comparator and passes its negation (NOT_EQUALS, NOT_IN, …).
struct RecordPredicate {
    private var tests: [(StoredRecord) -> Bool] = []

    /// - Throws: `CloudKitError` BAD_REQUEST for an unsupported comparator, a field the type's
    ///   schema does not have, or a value that does not fit the field.
    init(_ filters: [Filter], recordType: String, schema: [String: FieldType]) throws {
        for filter in filters {
            tests.append(try Self.test(filter, recordType: recordType, schema: schema))
        }
    }

    private static func isNumeric(_ type: FieldType) -> Bool {
        [.int64, .timestamp, .double].contains(type.elementType ?? type)
    }

    func matches(_ record: StoredRecord) -> Bool {
        tests.allSatisfy { $0(record) }
    }

    private static func test(
        _ filter: Filter, recordType: String, schema: [String: FieldType]
    ) throws -> (StoredRecord) -> Bool {
        let (name, type, read) = try FieldAccess.resolve(
            fieldName: filter.fieldName, systemFieldName: filter.systemFieldName, recordType: recordType,
            schema: schema)
        let comparator = filter.comparator
        let valueType: FieldType
        switch comparator {
        case .in, .notIn: valueType = type.listType ?? type
        case .listContains, .notListContains: valueType = type.elementType ?? type
        default: valueType = type
        }
        var wire = filter.fieldValue
        if name == "recordName", case .object = wire.value, let reference = ReferenceDictionary(json: wire.value) {
            wire = FieldDictionary(value: .string(reference.recordName), type: .string)
        }
        let operand: FieldValue
        do {
            operand = try FieldValue(wire: wire, schemaType: valueType)
        } catch  where wire.type == nil && Self.isNumeric(valueType) {
            // An integer field compared with 4.5: read the number as a double, compare numerically.
            do {
                operand = try FieldValue(wire: wire, schemaType: valueType.isList ? .doubleList : .double)
            } catch {
                throw CloudKitError.badRequest(
                    "filter on '\(name)': \(error.reason ?? "invalid value")", operation: "records/query")
            }
        } catch {
            throw CloudKitError.badRequest(
                "filter on '\(name)': \(error.reason ?? "invalid value")", operation: "records/query")
        }

        func positive(_ test: @escaping (FieldValue) -> Bool) -> (StoredRecord) -> Bool {
            { record in read(record).map(test) ?? false }
        }
        func negative(_ test: @escaping (FieldValue) -> Bool) -> (StoredRecord) -> Bool {
            { record in !(read(record).map(test) ?? false) }
        }
        let order = { (value: FieldValue) in FieldOrder.compare(value, operand) }
        switch comparator {
        case .equals: return positive { FieldOrder.equal($0, operand) }
        case .notEquals: return negative { FieldOrder.equal($0, operand) }
        case .lessThan: return positive { order($0) == .some(.orderedAscending) }
        case .lessThanOrEquals: return positive { [.orderedAscending, .orderedSame].contains(order($0)) }
        case .greaterThan: return positive { order($0) == .some(.orderedDescending) }
        case .greaterThanOrEquals: return positive { [.orderedDescending, .orderedSame].contains(order($0)) }
        case .in, .notIn:
            guard case .list(_, let members) = operand else {
                throw CloudKitError.badRequest(
                    "\(comparator) on '\(name)' needs a list value", operation: "records/query")
            }
            let test = { (value: FieldValue) in members.contains { FieldOrder.equal(value, $0) } }
            return comparator == .in ? positive(test) : negative(test)
        case .beginsWith, .notBeginsWith:
            guard case .string(let prefix) = operand else {
                throw CloudKitError.badRequest(
                    "\(comparator) on '\(name)' needs a STRING value", operation: "records/query")
            }
            let test = { (value: FieldValue) -> Bool in
                if case .string(let text) = value { return text.hasPrefix(prefix) }
                return false
            }
            return comparator == .beginsWith ? positive(test) : negative(test)
        case .listContains, .notListContains:
            let test = { (value: FieldValue) -> Bool in
                if case .list(_, let elements) = value { return elements.contains { FieldOrder.equal($0, operand) } }
                return false
            }
            return comparator == .listContains ? positive(test) : negative(test)
        default:
            throw CloudKitError.badRequest(
                "comparator \(comparator) is not supported by the cksync store", operation: "records/query")
        }
    }
}
