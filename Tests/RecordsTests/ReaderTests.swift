import Foundation
import Testing

@testable import Records

/// Rows read by the source readers, compared as plain values.
struct ReadRow: Equatable, CustomStringConvertible {
    var line: Int
    var key: String?
    var values: [RawValue?]

    init(_ line: Int, key: String? = nil, _ values: [RawValue?]) {
        self.line = line
        self.key = key
        self.values = values
    }

    var description: String { "\(line) \(key ?? "-") \(values)" }
}

/// Reads `text` as a source of `format` with the given columns, in `chunks` chunks.
func readRows(
    _ text: String, format: SourceFormat, columns: [String], path: String = "data/x", chunks: Int = 1
) throws(InputError) -> [ReadRow] {
    try readRows(bytes: Array(text.utf8), format: format, columns: columns, path: path, chunks: chunks)
}

func readRows(
    bytes: [UInt8], format: SourceFormat, columns: [String], path: String = "data/x", chunks: Int = 1
) throws(InputError) -> [ReadRow] {
    let source = ChunkedSource(bytes: SourceBytes(bytes), path: path, format: format, columns: columns)
    let output = source.read(chunks: chunks) { (row: SourceRow) throws(InputError) -> SourceRow in row }
    if let error = output.error { throw error }
    return output.values.map { ReadRow($0.line, key: $0.key, $0.values) }
}

/// The description of the error reading `text` throws, or "no error".
func readError(_ text: String, format: SourceFormat, columns: [String], path: String) -> String {
    readError(bytes: Array(text.utf8), format: format, columns: columns, path: path)
}

func readError(bytes: [UInt8], format: SourceFormat, columns: [String], path: String) -> String {
    do {
        _ = try readRows(bytes: bytes, format: format, columns: columns, path: path)
        return "no error"
    } catch {
        return error.description
    }
}

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func readsRequestedColumnsInRequestOrder() throws {
        let text = "icao,name,elevation\nEGLL,Heathrow,83\nLFPG,Charles de Gaulle,392\n"
        let rows = try readRows(text, format: .csv, columns: ["elevation", "icao"])
        #expect(
            rows == [ReadRow(2, [.string("83"), .string("EGLL")]), ReadRow(3, [.string("392"), .string("LFPG")])])
    }

    @Test func quotedCellsHoldCommasQuotesAndNewlines() throws {
        let text = "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,plain\n"
        let rows = try readRows(text, format: .csv, columns: ["id", "note"])
        #expect(
            rows == [
                ReadRow(2, [.string("1"), .string("a, b")]),
                ReadRow(3, [.string("2"), .string("say \"hi\"")]),
                ReadRow(4, [.string("3"), .string("two\nlines")]),
                ReadRow(6, [.string("4"), .string("plain")]),
            ])
    }

    @Test func crlfBomBlankLinesAndNoFinalNewline() throws {
        let text = "\u{FEFF}id,name\r\n\r\n1,\"x\"\r\n\n2,y"
        let rows = try readRows(text, format: .csv, columns: ["id", "name"])
        #expect(rows == [ReadRow(3, [.string("1"), .string("x")]), ReadRow(5, [.string("2"), .string("y")])])
    }

    @Test func emptyCellsAreAbsent() throws {
        let rows = try readRows("a,b,c\n,\"\",x\n", format: .csv, columns: ["a", "b", "c"])
        #expect(rows == [ReadRow(2, [nil, nil, .string("x")])])
    }

    @Test func nonASCIIPassesThrough() throws {
        let rows = try readRows("name\nZürich\n", format: .csv, columns: ["name"])
        #expect(rows == [ReadRow(2, [.string("Zürich")])])
    }

    @Test func headerOnlyGivesNoRows() throws {
        #expect(try readRows("a,b\n", format: .csv, columns: ["a"]) == [])
    }

    @Test(arguments: [
        ("a,b,c\n1,2,3\n1,2\n", "data/x.csv:3: row has 2 cells, the header has 3"),
        ("a,b\n1,2\n1,2,3,4,5\n", "data/x.csv:3: row has 5 cells, the header has 2"),
        (
            "a,b\n1,2\n3,\"open\n\nstill open\n",
            "data/x.csv:3: unterminated quoted cell: the quote that opens it has no closing quote"
        ),
        (
            "a,b\n1,x\"y\n",
            "data/x.csv:2:4: a quote inside an unquoted cell; quote the whole cell and double the quote (\"\")"
        ),
        (
            "a,b\n1,\"x\"y\n",
            "data/x.csv:2:6: unexpected text after a quoted cell's closing quote; expected ',' or the end of the row"
        ),
        ("b,c\n1,2\n", "data/x.csv:1: column \"a\" is not in the header"),
        ("a,b,a\n1,2,3\n", "data/x.csv:1: column \"a\" appears 2 times in the header"),
        ("", "data/x.csv:1: the file is empty; expected a header row naming the columns"),
    ])
    func errorsNameLineAndProblem(text: String, expected: String) {
        #expect(readError(text, format: .csv, columns: ["a", "b"], path: "data/x.csv") == expected)
    }

    @Test func invalidUTF8NamesTheLine() {
        let bytes = Array("a,b\n1,2\n3,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(
            readError(bytes: bytes, format: .csv, columns: ["a"], path: "d.csv")
                == "d.csv:3:3: invalid UTF-8 (byte 0xC3)")
    }

    /// The survey validates a large file a piece at a time: a character across a piece's end is
    /// neither refused nor missed, whichever of its bytes the end falls after, and a bad byte
    /// after the first piece is found on its line.
    @Test(arguments: ["é", "€", "𝄞"])
    func charactersAcrossTheSurveysPiecesAreValid(character: String) {
        for shift in 0..<4 {
            let row = "1," + String(repeating: character, count: 9) + "\n"
            let rows =
                "a,b\n1," + String(repeating: "x", count: shift) + "\n"
                + String(repeating: row, count: 40_000 / row.utf8.count)
            #expect(readError(rows, format: .csv, columns: ["a"], path: "d.csv") == "no error")
            let lines = rows.utf8.count { $0 == 0x0A }
            let bytes = Array(rows.utf8) + Array("9,".utf8) + [0xFF] + Array("\n".utf8)
            #expect(
                readError(bytes: bytes, format: .csv, columns: ["a"], path: "d.csv")
                    == "d.csv:\(lines + 1):3: invalid UTF-8 (byte 0xFF)")
        }
    }

    @Test func anErrorBeforeTheBadByteComesFirst() {
        let bytes = Array("a,b\n1\n3,".utf8) + [0xFF] + Array("\n".utf8)
        #expect(
            readError(bytes: bytes, format: .csv, columns: ["a"], path: "d.csv")
                == "d.csv:2: row has 1 cell, the header has 2")
    }
}

@Suite("JSON reader")
struct JSONReaderTests {
    @Test func arrayOfObjectsKeepsNumberTextAndNesting() throws {
        let text = """
            [
              {"id": "a", "n": 12.50, "skip": {"deep": [1, {"x": "}, {"}]}, "tags": ["x", null, true], "o": {"k": -1e3}},
              {"n": null, "id": "b"}
            ]
            """
        let rows = try readRows(text, format: .json, columns: ["id", "n", "tags", "o"])
        #expect(
            rows == [
                ReadRow(
                    2,
                    [
                        .string("a"), .number("12.50"), .array([.string("x"), .null, .bool(true)]),
                        .object(["k": .number("-1e3")]),
                    ]),
                ReadRow(3, [.string("b"), .null, nil, nil]),
            ])
    }

    @Test func objectOfObjectsPassesTheKey() throws {
        let text = "{\n\"EGLL\": {\"name\": \"Heathrow\"},\n\"LFPG\":\n{\"name\": \"CDG\"}}\n"
        let rows = try readRows(text, format: .json, columns: ["name"])
        #expect(rows == [ReadRow(2, key: "EGLL", [.string("Heathrow")]), ReadRow(3, key: "LFPG", [.string("CDG")])])
    }

    @Test func escapesAreDecodedInValuesAndKeys() throws {
        let text = #"[{"n\u0061me": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00", "plain": "x"}]"#
        let rows = try readRows(text, format: .json, columns: ["name", "plain"])
        #expect(rows == [ReadRow(1, [.string("a\"b\\c/d\n\té😀"), .string("x")])])
    }

    @Test func emptyDocumentsHaveNoRows() throws {
        #expect(try readRows(" [ ] ", format: .json, columns: ["a"]) == [])
        #expect(try readRows("{}", format: .json, columns: ["a"]) == [])
        #expect(try readRows("\n\n", format: .jsonl, columns: ["a"]) == [])
    }

    @Test(arguments: [
        ("[{\"a\": 1}\n{\"a\": 2}]", "data/p.json:2:1: expected ',' or ']' after a record, found '{'"),
        ("[\n  {\"a\": 1\n   \"b\": 2}]", "data/p.json:3:4: expected ',' or '}' after object member, found '\"'"),
        ("[{\"a\" 1}]", "data/p.json:1:7: expected ':' after object key, found '1'"),
        ("[{\"a\": tru}]", "data/p.json:1:8: expected a value, found 't'"),
        ("[{\"a\": 01}]", "data/p.json:1:9: invalid number: leading zeros are not allowed"),
        ("[{\"a\": 1.}]", "data/p.json:1:10: invalid number: expected a digit after '.'"),
        ("[{\"a\": \"x\ny\"}]", "data/p.json:1:10: unterminated string (it starts at column 8)"),
        (
            "[{\"a\": \"\\q\"}]",
            "data/p.json:1:9: invalid escape in a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u"
        ),
        ("[{\"a\": \"\\ud800\"}]", "data/p.json:1:9: invalid \\u escape: unpaired surrogate"),
        ("[{\"a\": 1},]", "data/p.json:1:11: a top-level element is not an object; every record must be a JSON object"),
        (
            "[{\"a\": 1}, 7]",
            "data/p.json:1:12: a top-level element is not an object; every record must be a JSON object"
        ),
        ("[{\"a\": 1}] x", "data/p.json:1:12: unexpected 'x' after the end of the top-level value"),
        ("[{\"a\": 1}", "data/p.json:1:10: expected ',' or ']' after a record, found the end of the file"),
        ("{\"k\": [1]}", "data/p.json:1:7: the value of \"k\" is not an object; every record must be a JSON object"),
        ("\"x\"", "data/p.json:1:1: expected '[' or '{' at the top level, found '\"'"),
        ("  ", "data/p.json:1:3: the file is empty; expected a JSON array or object of records"),
        ("[{\"skip\": [1, 2,]}]", "data/p.json:1:17: expected a value, found ']'"),
    ])
    func syntaxErrorsNameLineAndColumn(text: String, expected: String) {
        #expect(readError(text, format: .json, columns: ["a"], path: "data/p.json") == expected)
    }

    @Test func invalidUTF8InAStringNamesLineAndColumn() {
        let bytes = Array("[\n{\"a\": \"ok\"},\n{\"a\": \"x".utf8) + [0xE2, 0x82] + Array("\"}]".utf8)
        #expect(
            readError(bytes: bytes, format: .json, columns: ["a"], path: "p.json")
                == "p.json:3:9: invalid UTF-8 (byte 0xE2)")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = "[{\"a\": " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}]"
        #expect(readError(text, format: .json, columns: ["a"], path: "p.json").contains("nested deeper than 512"))
    }
}

@Suite("JSON Lines reader")
struct JSONLinesReaderTests {
    @Test func oneObjectPerNonBlankLine() throws {
        let text = "{\"a\": 1}\n\n  {\"a\": \"x\", \"b\": [1]}  \r\n{}"
        let rows = try readRows(text, format: .jsonl, columns: ["a"])
        #expect(rows == [ReadRow(1, [.number("1")]), ReadRow(3, [.string("x")]), ReadRow(4, [nil])])
    }

    @Test(arguments: [
        (
            "{\"a\": 1}\n{\"a\": 2",
            "data/p.jsonl:2:8: expected ',' or '}' after object member, found the end of the line"
        ),
        ("{\"a\": 1}\n[1]\n", "data/p.jsonl:2:1: expected a JSON object on this line, found '['"),
        ("{\"a\": 1} {\"a\": 2}\n", "data/p.jsonl:1:10: unexpected '{' after the record on this line"),
        ("{\"a\": \"x\n\"}\n", "data/p.jsonl:1:7: unterminated string (it starts at column 7)"),
    ])
    func errorsNameLineAndColumn(text: String, expected: String) {
        #expect(readError(text, format: .jsonl, columns: ["a"], path: "data/p.jsonl") == expected)
    }
}
