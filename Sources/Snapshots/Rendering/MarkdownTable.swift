/// A GitHub-flavoured Markdown table, for reports pasted into a pull request or a CI job summary.
/// Cells are Markdown: text from data goes through ``cell(_:)`` or ``code(_:)`` first.
public struct MarkdownTable {
    /// The column headings.
    public var header: [String]
    /// The cells, row by row; a row as long as `header`.
    public var rows: [[String]]

    /// A table with `header` and `rows`.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The header line, the delimiter line and one line per row.
    public var lines: [String] {
        [Self.line(header), Self.line(header.map { _ in "---" })] + rows.map(Self.line)
    }

    private static func line(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// A cell's text with what Markdown would read as markup escaped: a value shows as it is,
    /// never as a link, emphasis, HTML or a column break; line breaks become `<br>`.
    public static func cell(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "~": out += "\\" + String(character)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r\n", "\r": out += "<br>"
            default: out.append(character)
            }
        }
        return out
    }

    /// Text shown as code (`` `id` ``); the escaping of `cell` does not apply inside a code span,
    /// so only text without backticks or pipes is put in one.
    public static func code(_ text: String) -> String {
        text.contains { $0 == "`" || $0 == "|" || $0.isNewline } ? cell(text) : "`" + text + "`"
    }
}
