/// The sources of a generated workspace, and where they live.
public enum Workspace {
    /// The airport source's format as the command line spells it.
    public enum AirportFormat: String, Sendable, CaseIterable {
        case csv, json, jsonl

        var sourceFormat: SourceFormat {
            switch self {
            case .csv: .csv
            case .json: .jsonArray
            case .jsonl: .jsonLines
            }
        }
    }

    /// The sources a workspace generated with these options has.
    public static func sources(format: AirportFormat, types: Int) -> [SourceSpec] {
        var result = [SourceSpec(schema: .airport, format: format.sourceFormat,
                                 relativePath: "data/airports.\(format.rawValue)")]
        if types >= 2 {
            result.append(SourceSpec(schema: .place, format: .jsonObject, relativePath: "data/places.json"))
        }
        return result
    }

    /// The sources found in an existing workspace `directory`, by the files present.
    public static func sources(in directory: String) throws -> [SourceSpec] {
        var result: [SourceSpec] = []
        for format in AirportFormat.allCases {
            let spec = sources(format: format, types: 1)[0]
            if FileIO.exists(directory + "/" + spec.relativePath) { result.append(spec) }
        }
        if result.count > 1 {
            throw BenchError("\(directory)/data holds more than one airports file; keep one")
        }
        let place = sources(format: .csv, types: 2)[1]
        if FileIO.exists(directory + "/" + place.relativePath) { result.append(place) }
        if result.isEmpty {
            throw BenchError("\(directory) has no data/airports.{csv,json,jsonl} or data/places.json: not a generated workspace")
        }
        return result
    }
}
