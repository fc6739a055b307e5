import Foundation
import Synchronization

/// Checks that every column a mapping reads is in its source: a typo in cksync.toml (`from =
/// "adress"`) would otherwise leave a field out of every record, or every record name empty,
/// without a word.
enum MappedColumns {
    /// What in cksync.toml reads `column`: `field "address" (from = "adress")`, `the record-name
    /// template "{ident}"`.
    static func usage(of column: String, in type: RecordTypeConfiguration) -> String {
        var uses: [String] = []
        if type.recordName.parts.contains(.column(column)) { uses.append("the record-name template \"\(type.recordName.text)\"") }
        for field in type.fields {
            switch field.source {
            case .column(let name) where name == column:
                uses.append(name == field.name ? "field \"\(field.name)\"" : "field \"\(field.name)\" (from = \"\(name)\")")
            case .coordinates(let latitude, let longitude) where latitude == column || longitude == column:
                uses.append("field \"\(field.name)\" (\(latitude == column ? "latitude" : "longitude") = \"\(column)\")")
            default: continue
            }
        }
        return uses.joined(separator: " and ")
    }

    /// The error for the first of `missing` (in the mapping's order), with the closest of `available`.
    /// - Parameter absence: what is missing, given the column: `no column "x" in the header`.
    static func error(
        missing: [String], available: [String], type: RecordTypeConfiguration, line: Int?,
        absence: (String) -> String
    ) -> InputError {
        let column = missing[0]
        let suggestion = Suggestion.closest(to: column, in: available).first.map { "; did you mean \"\($0)\"?" } ?? ""
        let others = missing.count > 1 ? " (and \(missing.count - 1) more: \(missing.dropFirst().map { "\"\($0)\"" }.joined(separator: ", ")))" : ""
        return InputError(
            file: type.source, line: line,
            message: "\(absence(column)), which \(usage(of: column, in: type)) reads\(suggestion)\(others)")
    }

    /// A CSV source: every mapped column must be in the header (before any row is read).
    static func checkHeader(_ bytes: SourceBytes, columns: [String], type: RecordTypeConfiguration) throws(InputError) {
        bytes.convertLoneCarriageReturns()  // as the reader will: a classic-Mac file's header ends at its CR
        let header = try CSVReader.readHeader(bytes, path: type.source, columns: [])
        let missing = columns.filter { !header.names.contains($0) }
        guard !missing.isEmpty else { return }
        throw error(missing: missing, available: header.names, type: type, line: 1) { "no column \"\($0)\" in the header" }
    }

    /// A JSON source: every mapped key must be in at least one record. (A key present only as
    /// `null` counts: the mapping is right, the data has no value.)
    static func checkKeys(
        _ presence: Presence, columns: [String], type: RecordTypeConfiguration, workspace: String
    ) throws(InputError) {
        let missing = presence.missing.map { columns[$0] }
        guard !missing.isEmpty else { return }
        let keys = JSONKeys.sample(atPath: type.source.hasPrefix("/") ? type.source : workspace + "/" + type.source)
        throw error(missing: missing, available: keys, type: type, line: nil) { "no record has the key \"\($0)\"" }
    }

    /// Which of the mapped columns some row had, marked by the rows as they are read on all cores.
    /// Once every column has been seen (with good data, after the first row) marking costs one load.
    final class Presence: Sendable {
        private let complete: Atomic<Bool>
        private let seen: Mutex<[Bool]>

        init(columns: Int) {
            complete = Atomic(columns == 0)
            seen = Mutex([Bool](repeating: false, count: columns))
        }

        func mark(_ row: SourceRow) {
            guard !complete.load(ordering: .relaxed) else { return }
            seen.withLock { seen in
                for (index, value) in row.values.enumerated() where value != nil { seen[index] = true }
                if !seen.contains(false) { complete.store(true, ordering: .relaxed) }
            }
        }

        /// The indexes of the columns no row had.
        var missing: [Int] { seen.withLock { seen in seen.indices.filter { !seen[$0] } } }
    }
}

/// The keys of a JSON source's records, for suggesting one when a mapped key is in none: read
/// only on that error, with Foundation, from the first thousand records.
enum JSONKeys {
    static func sample(atPath path: String, records limit: Int = 1000) -> [String] {
        // A file Foundation cannot read gives no suggestion; the error being reported stands.
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var objects: [[String: Any]] = []
        do {
            let document = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            if let array = document as? [Any] {
                objects = array.prefix(limit).compactMap { $0 as? [String: Any] }
            } else if let keyed = document as? [String: Any] {
                objects = keyed.values.prefix(limit).compactMap { $0 as? [String: Any] }
            }
        } catch {
            // Not one document: JSON Lines, one record a line; a line that is not an object has no keys.
            for line in data.split(separator: UInt8(ascii: "\n")).prefix(limit) {
                do {
                    if let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] {
                        objects.append(object)
                    }
                } catch {
                    continue
                }
            }
        }
        return Array(Set(objects.flatMap(\.keys))).sorted()
    }
}
