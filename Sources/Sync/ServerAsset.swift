import JSONCore
import Records

/// One file the server holds for a record's asset field, as a remote snapshot's server state
/// keeps it: the server's `fileChecksum` and size, and the content (git blob id) cksync knows
/// those bytes as. An unchanged asset of an updated record is sent again by its checksum, never
/// uploaded again; a checksum with no content is a file cksync has not seen (changed on the
/// server, found by a fetch).
///
/// The keys of an upload (`wrappingKey`, `referenceChecksum`) are never kept: a snapshot is no
/// place for keys.
package struct ServerAsset: Hashable, Sendable {
    package var field: String
    package var content: String?
    package var fileChecksum: String
    package var size: Int64

    package init(field: String, content: String?, fileChecksum: String, size: Int64) {
        self.field = field
        self.content = content
        self.fileChecksum = fileChecksum
        self.size = size
    }

    /// `{"content": …, "field": …, "fileChecksum": …, "size": …}`, keys sorted.
    func write(to output: inout JSONByteWriter) {
        output.append("{")
        if let content {
            output.append("\"content\": ")
            output.writeString(content)
            output.append(", ")
        }
        output.append("\"field\": ")
        output.writeString(field)
        output.append(", \"fileChecksum\": ")
        output.writeString(fileChecksum)
        output.append(", \"size\": ")
        output.writeInteger(size)
        output.append("}")
    }

    /// Reads a JSON array of assets at the lexer's position; `nil` when it is not one.
    static func parseList(_ lexer: inout JSONLexer) throws(JSONSyntaxError) -> [ServerAsset]? {
        guard lexer.current == UInt8(ascii: "[") else { return nil }
        lexer.position += 1
        var assets: [ServerAsset] = []
        lexer.skipWhitespace()
        if !lexer.atEnd, lexer.current == UInt8(ascii: "]") {
            lexer.position += 1
            return assets
        }
        while true {
            lexer.skipWhitespace()
            guard !lexer.atEnd, let asset = try parse(&lexer) else { return nil }
            assets.append(asset)
            lexer.skipWhitespace()
            guard !lexer.atEnd else { return nil }
            let byte = lexer.current
            lexer.position += 1
            if byte == UInt8(ascii: "]") { return assets }
            guard byte == UInt8(ascii: ",") else { return nil }
        }
    }

    /// Reads one asset object; `nil` when it is not one.
    private static func parse(_ lexer: inout JSONLexer) throws(JSONSyntaxError) -> ServerAsset? {
        guard lexer.current == UInt8(ascii: "{") else { return nil }
        lexer.position += 1
        var strings: [String: String] = [:]
        var size: Int64?
        while true {
            lexer.skipWhitespace()
            guard !lexer.atEnd, lexer.current == UInt8(ascii: "\"") else { return nil }
            let key = try lexer.string(lexer.scanString(), validatingUTF8: true)
            lexer.skipWhitespace()
            guard !lexer.atEnd, lexer.current == UInt8(ascii: ":") else { return nil }
            lexer.position += 1
            lexer.skipWhitespace()
            guard !lexer.atEnd else { return nil }
            if key == "size" {
                size = lexer.plainInt64(try lexer.scanNumber())
            } else {
                guard lexer.current == UInt8(ascii: "\"") else { return nil }
                strings[key] = try lexer.string(lexer.scanString(), validatingUTF8: true)
            }
            lexer.skipWhitespace()
            guard !lexer.atEnd else { return nil }
            let byte = lexer.current
            lexer.position += 1
            if byte == UInt8(ascii: "}") { break }
            guard byte == UInt8(ascii: ",") else { return nil }
        }
        guard let field = strings["field"], let checksum = strings["fileChecksum"], let size else { return nil }
        return ServerAsset(field: field, content: strings["content"], fileChecksum: checksum, size: size)
    }
}

extension [ServerAsset] {
    /// The server's checksum of the file `content` in `field`, when the server already holds it
    /// there.
    func fileChecksum(of content: String, in field: String) -> String? {
        first { $0.field == field && $0.content == content }?.fileChecksum
    }

    /// The content cksync knows the file with `fileChecksum` in `field` as.
    func content(of fileChecksum: String, in field: String) -> String? {
        first { $0.field == field && $0.fileChecksum == fileChecksum }?.content
    }
}
