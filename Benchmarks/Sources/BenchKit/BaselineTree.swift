/// The git-CLI baseline's work tree: the same fan-out layout cksync's snapshots use
/// (records/<Type>/<xx>/<name>.json, xx = first byte of SHA-1(name) in hex), one small
/// sorted-key JSON file per record, written as plain files for `git add`.
public struct BaselineTree {
    /// relative path → FNV-1a hash of the file's content, to write only what changed.
    public typealias Index = [String: UInt64]

    /// The work tree's root.
    public let root: String

    public init(root: String) { self.root = root }

    /// What `update` did.
    public struct UpdateCounts: Sendable, Codable {
        public var written = 0
        public var removed = 0
    }

    /// Writes every record of `sources` (read from `workspace`); returns the index.
    public func writeAll(sources: [SourceSpec], workspace: String) throws -> Index {
        var index: Index = [:]
        try forEachRecord(sources: sources, workspace: workspace) { path, content in
            try FileIO.write(content, to: root + "/" + path)
            index[path] = fnv1a(content)
        }
        return index
    }

    /// Brings the tree in line with the sources now: writes new and changed files, removes
    /// files of records that are gone. Unchanged files are not touched (their stat data
    /// stays, as it would in a person's work tree).
    public func update(sources: [SourceSpec], workspace: String, previous: Index) throws -> (Index, UpdateCounts) {
        var index: Index = [:]
        index.reserveCapacity(previous.count)
        var counts = UpdateCounts()
        try forEachRecord(sources: sources, workspace: workspace) { path, content in
            let hash = fnv1a(content)
            if previous[path] != hash {
                try FileIO.write(content, to: root + "/" + path)
                counts.written += 1
            }
            index[path] = hash
        }
        for path in previous.keys where index[path] == nil {
            try FileIO.remove(root + "/" + path)
            counts.removed += 1
        }
        return (index, counts)
    }

    /// Calls `body` with the relative path and baseline JSON of every record.
    func forEachRecord(sources: [SourceSpec], workspace: String,
                       _ body: (String, [UInt8]) throws -> Void) throws {
        for source in sources {
            let schema = source.schema
            let typeDirectory = "records/" + schema.typeName
            for byte in 0..<256 {
                try FileIO.makeDirectories(root + "/" + typeDirectory + "/" + SHA1.hex([UInt8(byte)]))
            }
            let path = workspace + "/" + source.relativePath
            let file = try SourceFile(path: path, spec: source)
            var row = Row(columns: schema.columns.count)
            var content: [UInt8] = []
            let fields = Self.sortedFields(schema)
            for index in file.records.indices {
                do {
                    try RowDecoder.decode(file.record(index), schema: schema, format: source.format, into: &row)
                } catch {
                    throw BenchError("\(path):\(file.lines[index]): \(error)")
                }
                guard let name = row.scalar(schema.nameColumn) else {
                    throw BenchError("\(path):\(file.lines[index]): no record name")
                }
                content.removeAll(keepingCapacity: true)
                Self.appendJSON(row, schema: schema, fields: fields, to: &content)
                let fanOut = SHA1.hex([SHA1.digest(name)[0]])
                try body(typeDirectory + "/" + fanOut + "/" + String(decoding: name, as: UTF8.self) + ".json", content)
            }
        }
    }

    /// A record as the baseline stores it: fields sorted by name, one a line, each in
    /// CloudKit's `{"type": …, "value": …}` form; absent fields left out. Close in size
    /// and shape to cksync's canonical blob.
    public static func appendJSON(_ row: Row, schema: RecordSchema, fields: [FieldSpec]? = nil, to out: inout [UInt8]) {
        out.append(contentsOf: "{\n".utf8)
        var first = true
        for field in fields ?? sortedFields(schema) {
            let present = field.columns.allSatisfy { row.cells[$0] != .absent }
            if !present { continue }
            if !first { out.append(contentsOf: ",\n".utf8) }
            first = false
            RowEncoder.appendJSONString(Array(field.name.utf8)[...], to: &out)
            out.append(contentsOf: ": {\"type\": \"\(field.type.rawValue)\", \"value\": ".utf8)
            let column = field.columns[0]
            switch field.type {
            case .location:
                out.append(contentsOf: "{\"latitude\": ".utf8)
                RowEncoder.appendJSONValue(row, column: field.columns[0], kind: .decimal(scale: 6), to: &out)
                out.append(contentsOf: ", \"longitude\": ".utf8)
                RowEncoder.appendJSONValue(row, column: field.columns[1], kind: .decimal(scale: 6), to: &out)
                out.append(UInt8(ascii: "}"))
            default:
                RowEncoder.appendJSONValue(row, column: column, kind: schema.columns[column].kind, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "\n}\n".utf8)
    }
}

extension BaselineTree {
    /// The schema's fields sorted by the bytes of their names.
    static func sortedFields(_ schema: RecordSchema) -> [FieldSpec] {
        schema.fields.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}

/// FNV-1a, 64 bits: enough to tell whether a file's content changed.
@inline(__always)
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
}
