import Testing
@testable import BenchKit
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with a fresh scratch directory, removed afterwards.
func withScratch(_ body: (String) throws -> Void) throws {
    var template = Array("/tmp/cksync-bench-test.XXXXXX".utf8CString)
    guard mkdtemp(&template) != nil else { throw BenchError("mkdtemp failed") }
    let directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer { _ = try? ChildProcess.run(["rm", "-rf", directory], stdoutPath: "/dev/null", stderrPath: "/dev/null") }
    try body(directory)
}

@Suite struct DatasetTests {
    @Test(arguments: Workspace.AirportFormat.allCases)
    func everyLineRoundTrips(format: Workspace.AirportFormat) throws { try withScratch { directory in
        try Generator.generate(GenerateOptions(records: 2000, seed: 3, format: format, types: 2), into: directory)
        for source in try Workspace.sources(in: directory) {
            let file = try SourceFile(path: directory + "/" + source.relativePath, spec: source)
            #expect(file.records.count == 1000)
            var row = Row(columns: source.schema.columns.count)
            var names = Set<[UInt8]>()
            for index in file.records.indices {
                try RowDecoder.decode(file.record(index), schema: source.schema, format: source.format, into: &row)
                var again: [UInt8] = []
                RowEncoder.append(row, schema: source.schema, format: source.format, to: &again)
                #expect(again == Array(file.record(index)))
                names.insert(Array(file.name(index, format: source.format)))
                #expect(row.scalar(source.schema.nameColumn).map(Array.init) == Array(file.name(index, format: source.format)))
            }
            #expect(names.count == 1000)
        }
    } }

    @Test func generationIsDeterministic() throws { try withScratch { scratch in
        let first = scratch + "/a", second = scratch + "/b", other = scratch + "/c"
        try Generator.generate(GenerateOptions(records: 500, seed: 9), into: first)
        try Generator.generate(GenerateOptions(records: 500, seed: 9), into: second)
        try Generator.generate(GenerateOptions(records: 500, seed: 10), into: other)
        let a = try FileIO.read(first + "/data/airports.csv")
        #expect(a == (try FileIO.read(second + "/data/airports.csv")))
        #expect(a != (try FileIO.read(other + "/data/airports.csv")))
    } }

    @Test func mutationSplitsTheFractionEvenly() throws { try withScratch { directory in
        try Generator.generate(GenerateOptions(records: 3000, seed: 1, format: .jsonl, types: 2), into: directory)
        let spec = Workspace.sources(format: .jsonl, types: 2)
        let before = try SourceFile(path: directory + "/" + spec[0].relativePath, spec: spec[0])
        let summaries = try Mutator.mutate(directory: directory, fraction: 0.06, seed: 4)
        #expect(summaries.map(\.modified) == [30, 30])
        #expect(summaries.map(\.after) == [1500, 1500])
        let after = try SourceFile(path: directory + "/" + spec[0].relativePath, spec: spec[0])
        var old: [[UInt8]: [UInt8]] = [:]
        for index in before.records.indices { old[Array(before.name(index, format: .jsonLines))] = Array(before.record(index)) }
        var kept = 0, changed = 0, added = 0
        for index in after.records.indices {
            switch old.removeValue(forKey: Array(after.name(index, format: .jsonLines))) {
            case nil: added += 1
            case let line? where line == Array(after.record(index)): kept += 1
            default: changed += 1
            }
        }
        #expect((kept, changed, added, old.count) == (1440, 30, 30, 30))
    } }

    @Test func configurationNamesEveryFieldType() {
        let text = ConfigWriter.text(for: Workspace.sources(format: .csv, types: 2))
        for needle in ["kind = \"local\"", "[[types]]", "[types.fields]", "[types.compare]", "\"STRING\"", "\"INT64\"",
                       "type = \"DOUBLE\", from = \"magvar\"", "\"TIMESTAMP\"",
                       "aliases = { type = \"STRING_LIST\", separator = \"|\" }",
                       "location = { type = \"LOCATION\", latitude = \"lat\", longitude = \"lon\" }",
                       "record-name = \"{$key}\"", "record-name = \"{icao}\"", "ignore = [\"updatedAt\"]"] {
            #expect(text.contains(needle), "missing \(needle)")
        }
    }

    @Test func childProcessReportsExitStatusAndMemory() throws { try withScratch { directory in
        let ok = try ChildProcess.run(["sh", "-c", "echo hi"], stdoutPath: directory + "/o", stderrPath: directory + "/e")
        #expect(ok.succeeded && ok.peakRSSKiB > 0)
        let failed = try ChildProcess.run(["sh", "-c", "echo boom >&2; exit 3"], stdoutPath: directory + "/o", stderrPath: directory + "/e")
        #expect(failed.exitCode == 3 && failed.stderrTail() == "boom")
        let killed = try ChildProcess.run(["sh", "-c", "kill -9 $$"], stdoutPath: directory + "/o", stderrPath: directory + "/e")
        #expect(killed.signal == 9 && killed.exitCode == nil)
        #expect(throws: BenchError.self) {
            try ChildProcess.run(["/nonexistent/cksync"], stdoutPath: directory + "/o", stderrPath: directory + "/e")
        }
    } }
}
