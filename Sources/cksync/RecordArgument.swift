import ArgumentParser

/// A record named on the command line as `TYPE/NAME` (the name may itself hold slashes).
enum RecordArgument {
    static func parse(_ text: String, option: String) throws -> (type: String, name: String) {
        guard let slash = text.firstIndex(of: "/"), slash != text.startIndex, text.index(after: slash) != text.endIndex
        else { throw ValidationError("\(option) takes TYPE/NAME, such as Airport/EGLL, not \"\(text)\"") }
        return (String(text[..<slash]), String(text[text.index(after: slash)...]))
    }
}
