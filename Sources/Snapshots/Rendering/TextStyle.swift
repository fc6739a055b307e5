/// Terminal colours, used only when the output is a terminal and `--no-color` is not given.
public struct TextStyle: Sendable {
    /// Whether the text gets ANSI colours (on a terminal, unless `--no-color` or `NO_COLOR`).
    public var colored: Bool

    /// A style that colours or not.
    public init(colored: Bool) {
        self.colored = colored
    }

    /// New records.
    public func green(_ text: String) -> String { paint(text, "32") }
    /// Updated records.
    public func yellow(_ text: String) -> String { paint(text, "33") }
    /// Deleted records and problems.
    public func red(_ text: String) -> String { paint(text, "31") }
    /// What matters less, such as the size of a numeric change.
    public func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
