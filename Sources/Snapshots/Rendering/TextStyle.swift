/// Terminal colours, used only when the output is a terminal and `--no-color` is not given.
public struct TextStyle: Sendable {
    public var colored: Bool

    public init(colored: Bool) {
        self.colored = colored
    }

    public func green(_ text: String) -> String { paint(text, "32") }
    public func yellow(_ text: String) -> String { paint(text, "33") }
    public func red(_ text: String) -> String { paint(text, "31") }
    public func bold(_ text: String) -> String { paint(text, "1") }
    public func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
