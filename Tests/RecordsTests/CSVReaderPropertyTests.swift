import PropertyBased
import Testing

@testable import Records

/// The CSV reader against an independent RFC 4180 parser (`ReferenceCSV`) on generated
/// documents: awkward cells (commas, quotes, newlines, non-ASCII), quoted or not, LF, CRLF or
/// lone-CR line endings, read in one chunk or several.
@Suite("CSV reader: properties")
struct CSVReaderPropertyTests {
    /// One generated document: rows of three cells, how each cell is written, the line ending.
    struct Document: Sendable, CustomStringConvertible {
        var rows: [[String]]
        var quoteAll: Bool
        var lineEnding: String
        var finalLineEnding: Bool

        var text: String {
            var text = "a,b,c" + lineEnding
            for (index, row) in rows.enumerated() {
                text += row.map(cell).joined(separator: ",")
                if index + 1 < rows.count || finalLineEnding { text += lineEnding }
            }
            return text
        }

        private func cell(_ value: String) -> String {
            let mustQuote = value.contains { ",\"\n".contains($0) }
            guard mustQuote || (quoteAll && !value.isEmpty) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }

        var description: String { text.debugDescription }
    }

    static let fragments = ["a", "Zürich", "€", "😀", " ", ",", "\"", "\n", "x y", "0", "\"\"", ", \""]

    static let documents = Gen<String?>.element(of: fragments).array(of: 0...3).map { $0.compactMap { $0 }.joined() }
        .array(of: 3).array(of: 1...12)
        .map { Document(rows: $0, quoteAll: false, lineEnding: "\n", finalLineEnding: true) }

    static let settings = Gen<String?>.element(of: ["\n", "\r\n", "\r"]).map { $0 ?? "\n" }

    @Test func readsWhatAReferenceParserReads() async {
        await propertyCheck(
            count: 300, input: Self.documents, Self.settings, Gen<Bool?>.element(of: [false, true]), Gen.int(in: 1...4)
        ) { document, lineEnding, quoteAll, chunks in
            var document = document
            document.lineEnding = lineEnding
            document.quoteAll = quoteAll ?? false
            document.finalLineEnding = chunks % 2 == 0
            let text = document.text
            let expected = ReferenceCSV.parse(text)
            #expect(expected.first == ["a", "b", "c"])
            let rows: [ReadRow]
            do {
                rows = try readRows(text, format: .csv, columns: ["a", "b", "c"], chunks: chunks)
            } catch {
                Issue.record("\(error) reading \(text.debugDescription)")
                return
            }
            let values = rows.map { row in
                row.values.map { value -> String in
                    if case .string(let text)? = value { return text }
                    return ""
                }
            }
            #expect(values == Array(expected.dropFirst()), "\(text.debugDescription)")
        }
    }

    @Test func theReferenceParserFollowsRFC4180() {
        #expect(ReferenceCSV.parse("a,b\r\n\"x,\"\"y\"\"\",\"1\n2\"\r\n") == [["a", "b"], ["x,\"y\"", "1\n2"]])
        #expect(ReferenceCSV.parse("a\rb\r\rc") == [["a"], ["b"], ["c"]])
    }
}

/// A small RFC 4180 parser written for the test, sharing nothing with the reader: records end at
/// CRLF or LF, or at a lone CR when the document's first line ends so (the reader's rule for
/// classic Mac OS files); blank lines are skipped, as the reader skips them.
enum ReferenceCSV {
    static func parse(_ text: String) -> [[String]] {
        let scalars = Array(text.unicodeScalars)
        let crLines =
            scalars.firstIndex { $0 == "\r" || $0 == "\n" }.map { index in
                scalars[index] == "\r" && (index + 1 == scalars.count || scalars[index + 1] != "\n")
            } ?? false
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var sawQuote = false
        var index = 0
        func endField() {
            record.append(String(field))
            field = String.UnicodeScalarView()
            sawQuote = false
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record = []
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else if scalar == "\r" && crLines && (index + 1 == scalars.count || scalars[index + 1] != "\n") {
                    field.append("\n")
                } else {
                    field.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
                sawQuote = true
            } else if scalar == "," {
                endField()
            } else if scalar == "\n" {
                endRecord()
            } else if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" {
                endRecord()
                index += 1
            } else if scalar == "\r" && crLines {
                endRecord()
            } else {
                field.append(scalar)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty || sawQuote { endRecord() }
        return records
    }
}
