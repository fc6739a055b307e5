import Foundation

/// A small UTF-8 text file read whole: a configuration, a schema. A byte-order mark is skipped.
enum TextFile {
    /// Why a text file cannot be read, said as the end of a message naming the file.
    struct Problem: Error {
        var message: String
    }

    /// The file's text.
    ///
    /// - Throws: `Problem`: "no such file", "is a directory, not a file", "cannot read: …",
    ///   "not UTF-8 text".
    static func read(_ path: String) throws(Problem) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Problem(message: "no such file")
        }
        guard !isDirectory.boolValue else { throw Problem(message: "is a directory, not a file") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Problem(message: "cannot read: \(error.localizedDescription)")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Problem(message: "not UTF-8 text") }
        return text
    }
}
