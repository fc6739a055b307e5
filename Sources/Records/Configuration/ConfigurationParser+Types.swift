import Foundation
import TOMLKit

/// `[[types]]` blocks: the source, its format, the record-name template, fields and compare rules.
extension ConfigurationParser {
    func parseType(_ type: TOMLTableReader) throws(ConfigError) -> RecordTypeConfiguration {
        try type.rejectUnknownKeys(
            allowed: ["name", "source", "format", "record-name", "invalid-records", "assets", "fields", "compare"],
            in: "a [[types]] block")
        let name = try type.requiredString("name", in: "a [[types]] block", example: "\"Airport\"")
        guard Self.isValidCloudKitName(name) else {
            throw source.error(
                type.path("name"),
                "invalid record type name \"\(name)\" (a letter, then letters, digits or \"_\"; at most 255)")
        }
        let sourcePath = try type.requiredString("source", in: "a [[types]] block", example: "\"data/airports.csv\"")
        let format = try parseFormat(type, sourcePath: sourcePath)

        let templateText = try type.requiredString("record-name", in: "a [[types]] block", example: "\"{id}\"")
        let template: RecordNameTemplate
        do {
            template = try RecordNameTemplate(parsing: templateText)
        } catch {
            throw source.error(type.path("record-name"), error.message)
        }
        if template.usesObjectKey && format != .json {
            throw source.error(
                type.path("record-name"),
                "{$key} is the key of a JSON object of objects, but the source is \(format.rawValue)")
        }

        guard let fieldsTable = try type.table("fields") else {
            throw source.error(type.path, "a [[types]] block needs a [types.fields] table with at least one field")
        }
        var fields: [FieldMapping] = []
        // In line order, so the first problem reported is the first in the file.
        for key in fieldsTable.table.keys.sorted(by: { line(of: fieldsTable.path($0)) < line(of: fieldsTable.path($1)) }
        ) {
            fields.append(try parseField(key, in: fieldsTable))
        }
        guard !fields.isEmpty else { throw source.error(fieldsTable.path, "declares no fields (at least one)") }

        let compare = try parseCompare(try type.table("compare"), fields: Set(fields.map(\.name)))
        var configuration = RecordTypeConfiguration(
            name: name, source: sourcePath, format: format, recordName: template, fields: fields, compare: compare)
        if let policy = try type.string("invalid-records") {
            guard let parsed = InvalidRecordsPolicy(rawValue: policy) else {
                throw source.error(
                    type.path("invalid-records"), "unknown policy \"\(policy)\" (expected \"error\" or \"skip\")")
            }
            configuration.invalidRecords = parsed
        }
        configuration.sourceDeclaration = source.locator.line(of: type.path("source")).map { "\(source.file):\($0)" }
        configuration.assets = try parseAssetFolder(type, fields: fields)
        return configuration
    }

    /// `assets = "images/"`: the folder ASSET paths are relative to, inside the workspace; checked
    /// to be a folder when the workspace's folder is known.
    private func parseAssetFolder(_ type: TOMLTableReader, fields: [FieldMapping]) throws(ConfigError) -> String? {
        guard let folder = try type.string("assets") else { return nil }
        let path = type.path("assets")
        guard !folder.isEmpty else { throw source.error(path, "must not be empty") }
        guard fields.contains(where: \.type.holdsFiles) else {
            throw source.error(path, "names the folder of ASSET files, but this type has no ASSET or ASSET_LIST field")
        }
        guard !folder.hasPrefix("/"), let normalized = WorkspacePath.normalized(folder) else {
            throw source.error(path, "\"\(folder)\" is outside the workspace (a folder relative to it)")
        }
        if let directory {
            var isFolder: ObjCBool = false
            let absolute = normalized.isEmpty ? directory : directory + "/" + normalized
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) else {
                throw source.error(path, "no folder \"\(folder)\" in the workspace")
            }
            guard isFolder.boolValue else {
                throw source.error(path, "\"\(folder)\" is a file, not a folder")
            }
        }
        return normalized
    }

    private func line(of path: String) -> Int { source.locator.line(of: path) ?? 0 }

    private func parseFormat(_ type: TOMLTableReader, sourcePath: String) throws(ConfigError) -> SourceFormat {
        if let text = try type.string("format") {
            guard let format = SourceFormat(rawValue: text) else {
                throw source.error(type.path("format"), "unknown format \"\(text)\" (expected csv, json or jsonl)")
            }
            return format
        }
        let fileName = sourcePath.split(separator: "/").last.map(String.init) ?? sourcePath
        let suffix = fileName.contains(".") ? fileName.split(separator: ".").last!.lowercased() : ""
        switch suffix {
        case "csv": return .csv
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        default:
            throw source.error(
                type.path("source"),
                "cannot tell the format of \"\(sourcePath)\" from its extension (.csv, .json, .jsonl or .ndjson): "
                    + "add format = \"csv\", \"json\" or \"jsonl\"")
        }
    }

    private func parseField(_ name: String, in fields: TOMLTableReader) throws(ConfigError) -> FieldMapping {
        let path = fields.path(name)
        guard Self.isValidCloudKitName(name) else {
            throw source.error(
                path, "invalid field name \"\(name)\" (a letter, then letters, digits or \"_\"; at most 255)")
        }
        guard let value = fields.value(name) else { throw source.error(path, "missing") }
        if let typeName = value.string {
            return FieldMapping(
                name: name, type: try fieldType(typeName, path: path), source: .column(name),
                isBoolean: typeName == Self.boolean)
        }
        guard let table = try? fields.table(name) else {
            throw fields.typeError(name, value, expected: "a type such as \"STRING\", or a table such as { type = … }")
        }
        try table.rejectUnknownKeys(
            allowed: ["type", "from", "separator", "latitude", "longitude", "action", "indexes"], in: "a field")
        let typeName = try table.requiredString("type", in: "a field table", example: "\"STRING\"")
        let type = try fieldType(typeName, path: table.path("type"))
        let from = try table.string("from")
        if from?.isEmpty == true { throw source.error(table.path("from"), "must not be empty") }

        let latitude = try table.string("latitude")
        let longitude = try table.string("longitude")
        var fieldSource = FieldMapping.Source.column(from ?? name)
        if latitude != nil || longitude != nil {
            let key = latitude != nil ? "latitude" : "longitude"
            guard type == .location else {
                throw source.error(table.path(key), "only a LOCATION field reads latitude and longitude columns")
            }
            guard let latitude, let longitude else {
                let missing = latitude == nil ? "latitude" : "longitude"
                throw source.error(table.path(key), "needs `\(missing)` too (both columns, or neither)")
            }
            guard !latitude.isEmpty, !longitude.isEmpty else {
                throw source.error(table.path(key), "must not be empty")
            }
            guard from == nil else {
                throw source.error(
                    table.path("from"),
                    "a LOCATION field reads either `from` (a JSON object) or `latitude` and `longitude`, not both")
            }
            fieldSource = .coordinates(latitude: latitude, longitude: longitude)
        }

        let separator = try table.string("separator")
        if let separator {
            guard type.isList else {
                throw source.error(
                    table.path("separator"), "only list types split a cell; \(type.rawValue) is not a list")
            }
            guard !separator.isEmpty else { throw source.error(table.path("separator"), "must not be empty") }
        }

        var action = ReferenceAction.none
        if let actionName = try table.string("action") {
            guard type == .reference || type == .referenceList else {
                throw source.error(table.path("action"), "only REFERENCE and REFERENCE_LIST fields take an action")
            }
            guard let parsed = ReferenceAction(rawValue: actionName) else {
                throw source.error(
                    table.path("action"),
                    "unknown action \"\(actionName)\" (expected one of NONE, DELETE_SELF, VALIDATE)")
            }
            action = parsed
        }
        return FieldMapping(
            name: name, type: type, source: fieldSource, separator: separator, referenceAction: action,
            indexes: try parseIndexes(table, type: type), isBoolean: typeName == Self.boolean)
    }

    /// The field type that is not a CloudKit type: an INT64 read from truth values.
    static let boolean = "BOOLEAN"

    /// `indexes = ["QUERYABLE", "SORTABLE"]`: the indexes `cksync schema` gives the field.
    private func parseIndexes(_ field: TOMLTableReader, type: FieldType) throws(ConfigError) -> [SchemaIndex] {
        var indexes: [SchemaIndex] = []
        for name in try field.stringArray("indexes") ?? [] {
            guard let index = SchemaIndex(rawValue: name) else {
                let expected = SchemaIndex.allCases.map(\.rawValue).joined(separator: ", ")
                throw source.error(field.path("indexes"), "unknown index \"\(name)\" (expected one of \(expected))")
            }
            if let reason = index.whyNotApplicable(to: type) { throw source.error(field.path("indexes"), reason) }
            guard !indexes.contains(index) else {
                throw source.error(field.path("indexes"), "\(index.rawValue) is listed twice")
            }
            indexes.append(index)
        }
        return indexes
    }

    /// The CloudKit type a field type names (BOOLEAN is stored as INT64).
    private func fieldType(_ text: String, path: String) throws(ConfigError) -> FieldType {
        if let type = FieldType(rawValue: text) { return type }
        if text == Self.boolean { return .int64 }
        let names = FieldType.allCases.map(\.rawValue) + [Self.boolean]
        var message = "unknown type \"\(text)\" (expected one of \(names.joined(separator: ", ")))"
        if let name = names.first(where: { $0 == text.uppercased() }) { message += "; did you mean \"\(name)\"?" }
        throw source.error(path, message)
    }

    private func parseCompare(_ compare: TOMLTableReader?, fields: Set<String>) throws(ConfigError) -> CompareRules {
        var rules = CompareRules.default
        guard let compare else { return rules }
        try compare.rejectUnknownKeys(
            allowed: ["location-tolerance", "double-tolerance", "ignore"], in: "a [types.compare] table")
        for key in ["location-tolerance", "double-tolerance"] {
            guard let tolerance = try compare.number(key) else { continue }
            guard tolerance.isFinite, tolerance >= 0 else {
                throw source.error(compare.path(key), "must be a number ≥ 0, found \(tolerance)")
            }
            if key == "location-tolerance" {
                rules.locationTolerance = tolerance
            } else {
                rules.doubleTolerance = tolerance
            }
        }
        for field in try compare.stringArray("ignore") ?? [] {
            guard fields.contains(field) else {
                let declared = fields.sorted().joined(separator: ", ")
                throw source.error(
                    compare.path("ignore"), "\"\(field)\" is not a declared field (declared: \(declared))")
            }
            rules.ignore.insert(field)
        }
        return rules
    }
}
