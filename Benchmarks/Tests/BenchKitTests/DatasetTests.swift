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

    @Test(arguments: Workspace.AirportFormat.allCases)
    func onlyModifyChangesTheWholeFractionInPlace(format: Workspace.AirportFormat) throws { try withScratch { scratch in
        let directory = scratch + "/a", again = scratch + "/b"
        try Generator.generate(GenerateOptions(records: 4000, seed: 2, format: format, types: 2), into: directory)
        let specs = Workspace.sources(format: format, types: 2)
        let before = try specs.map { try SourceFile(path: directory + "/" + $0.relativePath, spec: $0) }
        let summaries = try Mutator.mutate(directory: directory, fraction: 0.01, seed: 5, onlyModify: true)
        #expect(summaries.map(\.modified) == [20, 20])
        #expect(summaries.map(\.added) == [0, 0] && summaries.map(\.deleted) == [0, 0])
        #expect(summaries.map(\.after) == [2000, 2000])
        for (spec, old) in zip(specs, before) {
            let new = try SourceFile(path: directory + "/" + spec.relativePath, spec: spec)
            #expect(new.records.count == old.records.count)
            var changed = 0
            var row = Row(columns: spec.schema.columns.count)
            for index in old.records.indices {
                // Same records, same order, same names: only the modified lines differ.
                #expect(Array(new.name(index, format: spec.format)) == Array(old.name(index, format: spec.format)))
                if Array(new.record(index)) != Array(old.record(index)) {
                    changed += 1
                    try RowDecoder.decode(new.record(index), schema: spec.schema, format: spec.format, into: &row)
                }
            }
            #expect(changed == 20)
        }
        // Deterministic for a seed.
        try Generator.generate(GenerateOptions(records: 4000, seed: 2, format: format, types: 2), into: again)
        _ = try Mutator.mutate(directory: again, fraction: 0.01, seed: 5, onlyModify: true)
        for spec in specs {
            #expect(try FileIO.read(directory + "/" + spec.relativePath) == FileIO.read(again + "/" + spec.relativePath))
        }
    } }

    @Test func onlyModifyOneRecordOfATinyFile() throws { try withScratch { directory in
        try Generator.generate(GenerateOptions(records: 200, seed: 1), into: directory)
        for round in 0..<5 {
            let summaries = try Mutator.mutate(directory: directory, fraction: 1.0 / 200, seed: UInt64(round), onlyModify: true)
            #expect(summaries.map(\.modified) == [1] && summaries.map(\.after) == [200])
        }
        let all = try Mutator.mutate(directory: directory, fraction: 1, seed: 9, onlyModify: true)
        #expect(all.map(\.modified) == [200])
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

    @Test func childProcessTimesOut() throws { try withScratch { directory in
        let clock = ContinuousClock()
        let start = clock.now
        let slow = try ChildProcess.run(["sleep", "30"], stdoutPath: directory + "/o", stderrPath: directory + "/e", timeout: 0.3)
        #expect(slow.timedOut == 0.3 && slow.signal == SIGTERM && !slow.succeeded)
        #expect(slow.statusText.hasPrefix("timed out after"))
        #expect(start.duration(to: clock.now) < .seconds(5))
        // A child that ignores SIGTERM gets SIGKILL 5 s later.
        let stubborn = try ChildProcess.run(["sh", "-c", "trap '' TERM; sleep 30"], stdoutPath: directory + "/o",
                                            stderrPath: directory + "/e", timeout: 0.2)
        #expect(stubborn.signal == SIGKILL && stubborn.timedOut != nil)
        let quick = try ChildProcess.run(["true"], stdoutPath: directory + "/o", stderrPath: directory + "/e", timeout: 10)
        #expect(quick.succeeded && quick.timedOut == nil)
    } }

    @Test func serverChildPrintsALineAndStops() throws { try withScratch { directory in
        let server = try ChildProcess.start(["sh", "-c", "sleep 0.2; echo 'listening on http://127.0.0.1:1234'; exec sleep 60"],
                                            stdoutPath: directory + "/o", stderrPath: directory + "/e")
        #expect(server.isRunning)
        #expect(try server.firstLine(timeout: 10) == "listening on http://127.0.0.1:1234")
        let stopped = server.stop()
        #expect(stopped?.signal == SIGTERM && stopped?.timedOut == nil && !server.isRunning)
        #expect(server.stop()?.signal == SIGTERM)  // again: the same result, no signal to a reaped pid
        let dies = try ChildProcess.start(["sh", "-c", "echo oops >&2; exit 3"], stdoutPath: directory + "/o2", stderrPath: directory + "/e2")
        #expect(throws: BenchError.self) { try dies.firstLine(timeout: 10) }
        #expect(dies.stop()?.exitCode == 3)
    } }
}
