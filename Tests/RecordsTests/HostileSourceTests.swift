import Foundation
import Testing

@testable import Records

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sources that are not data files, and data the readers must refuse rather than guess at
/// (issue 10, points 1, 2, 7 and 12): each error names the file, the line and the field or key.
@Suite("Hostile sources")
struct HostileSourceTests {
    static func type(_ format: SourceFormat, source: String, declaredAt line: Int? = 7) -> RecordTypeConfiguration {
        var type = GeneratedSource.type(format, source: source)
        type.sourceDeclaration = line.map { "cksync.toml:\($0)" }
        return type
    }

    static func readFailure(_ type: RecordTypeConfiguration, _ workspace: TemporaryWorkspace) -> String {
        RecordReaderTests.readError(type, workspace, chunks: nil)
    }

    // MARK: - Not regular files

    @Test func aMissingSourceNamesItsLineInTheConfiguration() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        #expect(
            Self.readFailure(Self.type(.csv, source: "data/gone.csv"), workspace)
                == #"data/gone.csv: no such file (the source of type "Airport", cksync.toml:7)"#)
    }

    /// Read, /dev/zero would never end; the limit turns such a regression into a failure, not a
    /// hang (no wall-clock window is asserted: a loaded machine is slow, not wrong).
    @Test(.timeLimit(.minutes(1))) func aDeviceIsRefusedAtOnce() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let message = Self.readFailure(Self.type(.jsonl, source: "/dev/zero"), workspace)
        #expect(
            message == "/dev/zero: is a character device, not a regular file; a source must be a regular file "
                + #"(the source of type "Airport", cksync.toml:7)"#)
    }

    /// Opened without O_NONBLOCK, a FIFO would wait for a writer forever.
    @Test(.timeLimit(.minutes(1))) func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        #expect(mkfifo(workspace.path + "/data/pipe.csv", 0o600) == 0)
        let message = Self.readFailure(Self.type(.csv, source: "data/pipe.csv"), workspace)
        #expect(
            message == "data/pipe.csv: is a FIFO (named pipe), not a regular file; a source must be a regular file "
                + #"(the source of type "Airport", cksync.toml:7)"#)
    }

    @Test func aDirectoryIsRefused() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        try FileManager.default.createDirectory(
            atPath: workspace.path + "/data/dir.json", withIntermediateDirectories: true)
        #expect(
            Self.readFailure(Self.type(.json, source: "data/dir.json", declaredAt: nil), workspace)
                == "data/dir.json: is a directory, not a regular file; a source must be a regular file")
    }

    // MARK: - Duplicate keys

    @Test(arguments: [
        (
            "[\n{\"id\": \"a\", \"name\": \"x\",\n \"id\": \"b\"}\n]", SourceFormat.json,
            #"data/x:3:2: duplicate key "id" in one object"#
        ),
        ("{\"k\": {\"id\": \"a\", \"id\": \"b\"}}", .json, #"data/x:1:19: duplicate key "id" in one object"#),
        (
            "{\"id\": \"a\"}\n{\"name\": 1, \"id\": \"b\", \"name\": 2}\n", .jsonl,
            #"data/x:2:24: duplicate key "name" in one object"#
        ),
        // An unread column, a nested object, an escaped spelling of the same key, an empty key.
        ("{\"id\": \"a\", \"other\": 1, \"other\": 2}", .jsonl, #"data/x:1:25: duplicate key "other" in one object"#),
        ("{\"id\": \"a\", \"extra\": {\"p\": 1, \"p\": 1}}", .jsonl, #"data/x:1:31: duplicate key "p" in one object"#),
        ("{\"id\": \"a\", \"\\u0069d\": \"b\"}", .jsonl, #"data/x:1:13: duplicate key "id" in one object"#),
        ("{\"\": 1, \"id\": \"a\", \"\": 2}", .jsonl, #"data/x:1:20: duplicate key "" in one object"#),
    ])
    func duplicateKeysAreRefusedNamingLineAndKey(_ text: String, _ format: SourceFormat, _ message: String) {
        #expect(readError(text, format: format, columns: ["id", "name"], path: "data/x") == message)
    }

    @Test func duplicateKeysAreFoundInLargeObjects() {
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(readError("{\(members), \"id\": 1}", format: .jsonl, columns: ["id"], path: "p") == "no error")
        #expect(
            readError("{\(members), \"k3\": 0}", format: .jsonl, columns: ["id"], path: "p")
                .hasSuffix(#": duplicate key "k3" in one object"#))
        #expect(
            readError("{\(members), \"\\u006b39\": 0}", format: .jsonl, columns: ["id"], path: "p")
                .hasSuffix(#": duplicate key "k39" in one object"#))
    }

    /// Keys alike in length and first and last bytes share a bit of `MemberKeys`' mask: they are
    /// then compared byte for byte, and only equal ones are refused.
    @Test func keysAlikeAtTheirEndsAreComparedExactly() {
        #expect(
            readError(#"{"id": 1, "abc": 1, "axc": 2, "a": 3, "": 4}"#, format: .jsonl, columns: ["id"], path: "p")
                == "no error")
        #expect(
            readError(#"{"id": 1, "abc": 1, "axc": 2, "abc": 3}"#, format: .jsonl, columns: ["id"], path: "p")
                == #"p:1:31: duplicate key "abc" in one object"#)
        #expect(
            readError(#"{"\u0061": 1, "id": 1, "a": 2}"#, format: .jsonl, columns: ["id"], path: "p")
                == #"p:1:24: duplicate key "a" in one object"#)
    }

    @Test func keysThatDifferOnlyInNormalizationAreDistinct() {
        // JSON compares code points: "é" and "e\u{301}" are two keys, as JSONSerialization sees them.
        #expect(
            readError("{\"id\": 1, \"\u{e9}\": 1, \"e\u{301}\": 2}", format: .jsonl, columns: ["id"], path: "p")
                == "no error")
    }

    /// A row the row cache knows is skimmed, not parsed; a duplicate key in it is refused all the same.
    @Test(arguments: [true, false])
    func duplicateKeysAreRefusedInRowsTheCacheKnows(known: Bool) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let good = #"{"id": "a", "name": "x"}"#
        let bad = #"{"id": "b", "name": "x", "name": "y"}"#
        try workspace.write("data/a.jsonl", good + "\n" + bad + "\n")
        let digests = [good, bad].map { RowDigest.of($0, seed: 4) }
        let index = RowIndex(
            digests: known ? digests : [digests[0]], nameBytes: Array("ab".utf8), nameEnds: known ? [1, 2] : [1])
        let type = Self.type(.jsonl, source: "data/a.jsonl")
        let error = #expect(throws: InputError.self) {
            try RecordReader.read(type, workspace: workspace.path, reusing: index)
        }
        #expect(error?.description == #"data/a.jsonl:2:26: duplicate key "name" in one object"#)
    }

    // MARK: - Numbers

    @Test(arguments: [
        ("1e400", #"data/x.jsonl:1: field "elevation": 1e400 is out of the DOUBLE range"#),
        ("-1e400", #"data/x.jsonl:1: field "elevation": -1e400 is out of the DOUBLE range"#),
        ("1e-400", #"data/x.jsonl:1: field "elevation": 1e-400 is too small for a DOUBLE (it would become 0)"#),
        (
            "-0.00001e-330",
            #"data/x.jsonl:1: field "elevation": -0.00001e-330 is too small for a DOUBLE (it would become 0)"#
        ),
    ])
    func doublesThatDoNotFitAreRefused(_ number: String, _ message: String) throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        try workspace.write("data/x.jsonl", "{\"id\": \"a\", \"elevation\": \(number)}\n")
        var type = Self.type(.jsonl, source: "data/x.jsonl")
        type.fields = [FieldMapping(name: "elevation", type: .double, source: .column("elevation"))]
        #expect(Self.readFailure(type, workspace) == message)
    }

    @Test(arguments: ["0", "0.0", "-0e-400", "0e400", "4.9e-324", "1e-310"])
    func zeroAndSubnormalDoublesAreKept(_ number: String) throws {
        let value = try FieldConverter.double(.number(number), as: .double)
        #expect(value == Double(number)! + 0)
    }

    // MARK: - Line endings

    @Test func csvWithCarriageReturnLineEndingsIsReadLineByLine() throws {
        let text = "id,name\r1,\"a\rb\"\r\r2,c\r"
        let rows = try readRows(text, format: .csv, columns: ["id", "name"])
        #expect(rows == [ReadRow(2, [.string("1"), .string("a\nb")]), ReadRow(5, [.string("2"), .string("c")])])
        #expect(
            readError("id,name\r1,a\r2\r", format: .csv, columns: ["id"], path: "p")
                == "p:3: row has 1 cell, the header has 2")
    }

    @Test func aLoneCarriageReturnInAnLFFileStaysInItsCell() throws {
        let rows = try readRows("id,name\n1,\"a\rb\"\n", format: .csv, columns: ["name"])
        #expect(rows == [ReadRow(2, [.string("a\rb")])])
    }

    @Test(arguments: [1, 4])
    func jsonLinesWithCarriageReturnLineEndings(chunks: Int) throws {
        let text = (0..<50).map { "{\"id\": \"r\($0)\"}" }.joined(separator: "\r") + "\r"
        let rows = try readRows(text, format: .jsonl, columns: ["id"], chunks: chunks)
        #expect(rows == (0..<50).map { ReadRow($0 + 1, [.string("r\($0)")]) })
    }

    // MARK: - Record size

    @Test func aRecordOverCloudKitsSizeLimitIsRefusedNamingItsLargestField() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let big = String(repeating: "x", count: 3 * 1024 * 1024)
        try workspace.write(
            "data/a.csv",
            "id,name,elevation,lat,lon,tags,updated\nsmall,s,1,0,0,,\nhuge,\(big),1,0,0,\(String(repeating: "t|", count: 1000)),\n"
        )
        let message = Self.readFailure(Self.type(.csv, source: "data/a.csv"), workspace)
        #expect(
            message.hasPrefix(
                #"data/a.csv:3: field "name": the record is 31"#)
                && message.hasSuffix(
                    " bytes, over CloudKit's limit of 1000000 bytes per record (this is its largest field)"),
            "\(message.prefix(300))")
    }

    @Test func aRecordJustUnderTheLimitIsRead() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        try workspace.write(
            "data/a.jsonl", "{\"id\": \"a\", \"name\": \"\(String(repeating: "y", count: 999_000))\"}\n")
        var type = Self.type(.jsonl, source: "data/a.jsonl")
        type.fields = type.fields.filter { $0.name == "name" }  // the keys the record has
        let records = try RecordReader.read(type, workspace: workspace.path).records
        #expect(records.count == 1 && records[0].blob.count <= RecordSizeLimit.maximumBytes)
    }
}
