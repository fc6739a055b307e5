import Foundation
import TOMLKit

extension WorkspaceConfiguration {
    /// The file name of a workspace's configuration.
    public static let fileName = "cksync.toml"

    /// Reads and validates a `cksync.toml`.
    ///
    /// - Parameters:
    ///   - path: where to read the file.
    ///   - displayPath: how error messages name the file (as the user would write it).
    /// - Throws: `ConfigError` naming the file, and the key and line where there is one.
    public static func load(path: String, displayPath: String) throws(ConfigError) -> WorkspaceConfiguration {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(file: displayPath, message: "no such file (run `cksync init` to create one)")
        }
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw ConfigError(file: displayPath, message: error.message)
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(text, file: displayPath, directory: directory.isEmpty ? "." : directory)
    }

    /// Parses and validates the text of a `cksync.toml`.
    ///
    /// - Parameters:
    ///   - text: the TOML document.
    ///   - file: how error messages name the file.
    /// - Throws: `ConfigError`: TOML syntax errors with TOMLKit's line and column; unknown keys,
    ///   wrong value types and invalid values with the dotted key and its line.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> WorkspaceConfiguration {
        try parse(text, file: file, directory: nil)
    }

    /// `parse(_:file:)`, checking the folders the configuration names inside `directory` when given.
    static func parse(_ text: String, file: String, directory: String?) throws(ConfigError) -> WorkspaceConfiguration {
        if let nul = text.utf8.firstIndex(of: 0) {
            let line = text.utf8[..<nul].count(where: { $0 == UInt8(ascii: "\n") }) + 1
            throw ConfigError(file: file, line: line, message: "contains a NUL character")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let position = error.source.begin
            throw ConfigError(
                file: file, line: position.line > 0 ? position.line : nil,
                message: "invalid TOML at column \(position.column): \(error.description)")
        } catch {
            throw ConfigError(file: file, message: "invalid TOML: \(error)")
        }
        let source = ConfigurationSource(file: file, locator: TOMLLineLocator(text: text))
        var configuration = try ConfigurationParser(source: source, directory: directory).parseDocument(table)
        configuration.file = file
        return configuration
    }
}
