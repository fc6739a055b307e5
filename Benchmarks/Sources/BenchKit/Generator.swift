/// What `generate` makes.
public struct GenerateOptions: Sendable {
    public var records: Int
    public var seed: UInt64
    public var format: Workspace.AirportFormat
    /// 1: airports only; 2: airports and places (records split between them).
    public var types: Int

    public init(records: Int, seed: UInt64, format: Workspace.AirportFormat = .csv, types: Int = 1) {
        self.records = records
        self.seed = seed
        self.format = format
        self.types = types
    }
}

/// Writes a synthetic workspace: cksync.toml and the data files, deterministic for a seed.
public enum Generator {
    /// Generates into `directory` (created if needed); returns the record count per type.
    @discardableResult
    public static func generate(_ options: GenerateOptions, into directory: String) throws -> [(type: String, records: Int)] {
        guard options.records >= 0 else { throw BenchError("--records must not be negative") }
        guard options.types == 1 || options.types == 2 else { throw BenchError("--types must be 1 or 2") }
        let sources = Workspace.sources(format: options.format, types: options.types)
        try FileIO.makeDirectories(directory + "/data")
        try FileIO.write(ConfigWriter.text(for: sources), to: directory + "/cksync.toml")
        var counts: [(type: String, records: Int)] = []
        for (index, source) in sources.enumerated() {
            // Airports get the larger half when there are two types.
            let count = sources.count == 1 ? options.records
                : (index == 0 ? options.records - options.records / 2 : options.records / 2)
            var rng = SplitMix64(seed: options.seed, stream: UInt64(index + 1))
            try write(source, records: count, rng: &rng, to: directory + "/" + source.relativePath)
            counts.append((source.schema.typeName, count))
        }
        return counts
    }

    static func write(_ source: SourceSpec, records: Int, rng: inout SplitMix64, to path: String) throws {
        let factory = makeFactory(for: source.schema)
        let writer = try SourceWriter(path: path, spec: source)
        var row = Row(columns: source.schema.columns.count)
        for id in 0..<records {
            row.reset()
            factory.fill(&row, id: id, rng: &rng)
            try writer.write(row)
        }
        try writer.finish()
    }
}
