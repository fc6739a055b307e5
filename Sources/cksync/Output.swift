import Foundation
import Snapshots

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where commands print: stdout for results, stderr for errors; colour only on a terminal.
struct Output {
    let options: GlobalOptions

    var style: TextStyle {
        TextStyle(
            colored: (isatty(STDOUT_FILENO) != 0 || Pager.isActive) && !options.noColor
                && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    /// Prints unless `--quiet`.
    func line(_ text: String = "") {
        guard !options.quiet else { return }
        ProgressLine.shared.clear()
        print(text)
    }

    func lines(_ texts: [String]) {
        guard !options.quiet, !texts.isEmpty else { return }
        ProgressLine.shared.clear()
        print(texts.joined(separator: "\n"))
    }

    /// Prints a JSON document (even with `--quiet`: it was asked for).
    func json(_ value: JSONValue) {
        ProgressLine.shared.clear()
        FileHandle.standardOutput.write(Data(value.text.utf8))
    }

    /// A short object id, as git abbreviates it.
    static func short(_ id: CustomStringConvertible) -> String {
        String(id.description.prefix(12))
    }
}

extension Output {
    /// An error line on stderr, like `error: …` (printed even with `--quiet`).
    func error(_ text: String) {
        ProgressLine.shared.clear()
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
    }
}
