/// Turns source rows of one record type into canonical records.
///
/// Absent values: a missing column, JSON `null`, an empty CSV cell, an empty JSON string and an
/// empty list (`[]`, or a cell whose separated elements are all empty) leave the field out of the
/// record; CloudKit has no "empty" value distinct from "no value". Conversion rules for each type
/// are documented on `FieldConverter`.
public struct RecordMapper: Sendable {
    /// The record type the rows are mapped to.
    public let type: RecordTypeConfiguration
    /// The source path shown in error messages (as written in cksync.toml).
    public let sourcePath: String
    /// The source columns a reader must deliver, in this order, in `SourceRow.values`.
    ///
    /// The record-name template's columns come first, then each field's columns in field order
    /// (fields are sorted by name); each column appears once.
    public let columns: [String]
    private let plans: [FieldPlan]
    private let nameParts: [NamePart]
    /// How ASSET values become assets; `nil` when the mapper was made without a resolver.
    private let assets: AssetLocator?

    /// Where one field's value comes from, with column names resolved to indexes into `SourceRow.values`.
    private struct FieldPlan: Sendable {
        enum Source: Sendable {
            case column(Int)
            case coordinates(latitude: Int, longitude: Int)
        }
        var mapping: FieldMapping
        var source: Source
    }

    private enum NamePart: Sendable {
        case literal(String)
        case column(Int, String)
        case objectKey
    }

    /// A mapper for a type without ASSET fields: mapping an ASSET value throws.
    /// - Parameters:
    ///   - type: the record type: its fields and record-name template.
    ///   - sourcePath: the source path as cksync.toml writes it, for error messages.
    public init(type: RecordTypeConfiguration, sourcePath: String) {
        self.init(type: type, sourcePath: sourcePath, assets: nil)
    }

    /// - Parameters:
    ///   - type: the record type: its fields and record-name template.
    ///   - sourcePath: the source path as cksync.toml writes it, for error messages.
    ///   - assets: the workspace folder ASSET paths must stay in, and what hashes and stores the
    ///     files they name; `nil` for a type without ASSET fields.
    public init(
        type: RecordTypeConfiguration, sourcePath: String,
        assets: (workspace: String, resolver: any AssetResolving)?
    ) {
        self.type = type
        self.sourcePath = sourcePath
        self.assets = assets.map { AssetLocator(type: type, workspace: $0.workspace, resolver: $0.resolver) }
        var columns: [String] = []
        func index(of column: String) -> Int {
            if let index = columns.firstIndex(of: column) { return index }
            columns.append(column)
            return columns.count - 1
        }
        nameParts = type.recordName.parts.map { part in
            switch part {
            case .literal(let text): .literal(text)
            case .column(let column): .column(index(of: column), column)
            case .objectKey: .objectKey
            }
        }
        // In the order of the blob's keys, so that a row's fields are encoded as they are converted.
        plans = type.fields.map { mapping in
            switch mapping.source {
            case .column(let column):
                FieldPlan(mapping: mapping, source: .column(index(of: column)))
            case .coordinates(let latitude, let longitude):
                FieldPlan(
                    mapping: mapping,
                    source: .coordinates(latitude: index(of: latitude), longitude: index(of: longitude)))
            }
        }
        .sorted { CanonicalJSON.utf8Precedes($0.mapping.name, $1.mapping.name) }
        precondition(
            zip(plans, plans.dropFirst()).allSatisfy { $0.mapping.name != $1.mapping.name },
            "the fields of type \(type.name) do not have distinct names")
        self.columns = columns
    }

    /// Maps one row; throws an `InputError` naming file, line and field.
    public func map(_ row: SourceRow) throws(InputError) -> EncodedRecord {
        let name = try recordName(row)
        let fields = try fieldValues(row)
        let blob = CanonicalJSON.encode(type: type.name, name: name, orderedFields: fields)
        if blob.count > RecordSizeLimit.maximumBytes {
            let record = Record(type: type.name, name: name, fields: Dictionary(uniqueKeysWithValues: fields))
            throw RecordSizeLimit.error(for: record, size: blob.count, file: sourcePath, line: row.line)
        }
        return EncodedRecord(name: name, blob: blob)
    }

    /// Maps one row to a `Record` value (what `map` encodes).
    func record(_ row: SourceRow) throws(InputError) -> Record {
        let name = try recordName(row)
        return Record(type: type.name, name: name, fields: Dictionary(uniqueKeysWithValues: try fieldValues(row)))
    }

    /// The row's field values, in canonical order.
    private func fieldValues(_ row: SourceRow) throws(InputError) -> [(key: String, value: FieldValue)] {
        var fields: [(key: String, value: FieldValue)] = []
        fields.reserveCapacity(plans.count)
        for plan in plans {
            do throws(FieldConversionError) {
                let value: FieldValue?
                switch plan.source {
                case .column(let index) where plan.mapping.type.holdsFiles:
                    guard let assets else {
                        throw FieldConversionError(
                            message:
                                "\(plan.mapping.type.rawValue) fields need an AssetResolving to hash and store their files"
                        )
                    }
                    value = try assets.convert(row.values[index], to: plan.mapping)
                case .column(let index):
                    value = try FieldConverter.convert(row.values[index], to: plan.mapping)
                case .coordinates(let latitude, let longitude):
                    value = try FieldConverter.location(
                        latitude: row.values[latitude], longitude: row.values[longitude], mapping: plan.mapping)
                }
                if let value { fields.append((plan.mapping.name, value)) }
            } catch {
                throw InputError(file: sourcePath, line: row.line, field: plan.mapping.name, message: error.message)
            }
        }
        return fields
    }

    /// Builds and checks the record name from the template.
    func recordName(_ row: SourceRow) throws(InputError) -> String {
        var name = ""
        for part in nameParts {
            switch part {
            case .literal(let text):
                name += text
            case .column(let index, let column):
                switch row.values[index] {
                case .string(let text) where !text.isEmpty: name += text
                case .number(let text): name += text
                case nil, .null, .string:
                    throw InputError(
                        file: sourcePath, line: row.line, message: "record name: column \"\(column)\" is empty")
                default:
                    throw InputError(
                        file: sourcePath, line: row.line,
                        message:
                            "record name: column \"\(column)\" holds \(FieldConverter.describe(row.values[index]!)), not a string or number"
                    )
                }
            case .objectKey:
                guard let key = row.key else {
                    throw InputError(
                        file: sourcePath, line: row.line,
                        message:
                            "record name: {$key} needs a JSON object of records keyed by name, and this source is not one"
                    )
                }
                name += key
            }
        }
        if let problem = RecordNameRules.problem(with: name) {
            throw InputError(
                file: sourcePath, line: row.line, message: "record name \(name.debugDescription) \(problem)")
        }
        return name
    }
}
