import JSONCore

/// What the server says about a record beyond its fields: the `server/` blob of a remote snapshot.
///
/// Kept apart from the record blob so that a record blob is the same object locally and remotely.
package struct ServerState: Hashable, Sendable {
    package var recordChangeTag: String
    /// Milliseconds since 1970, when known.
    package var created: Int64?
    package var modified: Int64?
    /// The files the server holds for the record's asset fields, by field, then in list order.
    package var assets: [ServerAsset]

    package init(recordChangeTag: String, created: Int64?, modified: Int64?, assets: [ServerAsset] = []) {
        self.recordChangeTag = recordChangeTag
        self.created = created
        self.modified = modified
        self.assets = assets
    }

    /// Canonical JSON: keys sorted, one per line, final newline; the tag escaped per RFC 8259
    /// by the JSON core, so any string makes a valid document.
    package var blob: [UInt8] {
        var output = JSONByteWriter(capacity: 96)
        output.append("{\n")
        if !assets.isEmpty {
            output.append("  \"assets\": [")
            for (index, asset) in assets.enumerated() {
                output.append(index == 0 ? "\n    " : ",\n    ")
                asset.write(to: &output)
            }
            output.append("\n  ],\n")
        }
        if let created {
            output.append("  \"created\": ")
            output.writeInteger(created)
            output.append(",\n")
        }
        if let modified {
            output.append("  \"modified\": ")
            output.writeInteger(modified)
            output.append(",\n")
        }
        output.append("  \"recordChangeTag\": ")
        output.writeString(recordChangeTag)
        output.append("\n}\n")
        return output.finish()
    }

    /// Parses a `server/` blob: a JSON object with `recordChangeTag` (a string) and optionally
    /// `created` and `modified` (integers) and `assets` (`ServerAsset`s); other members with a
    /// string or number value are skipped. `nil` for anything else.
    ///
    /// Blobs written before the JSON core escaped only `\` and `"`: a tag with another control
    /// character went into them raw, which JSON forbids. Such a character is read as the
    /// character it is, so those blobs still read as they did (and a raw newline, which the old
    /// line-by-line reader could not read, now reads too).
    package init?(blob: [UInt8]) {
        var blob = blob
        // Each pass escapes one raw control character inside a string, which the lexer reports
        // with its offset; a blob from the JSON core needs no pass.
        for _ in 0...blob.count {
            switch Self.parse(blob) {
            case .success(let state):
                guard let state else { return nil }
                self = state
                return
            case .failure(let error):
                guard case .controlCharacterInString(let byte) = error.kind else { return nil }
                blob.replaceSubrange(error.offset..<error.offset + 1, with: Self.escaped(byte))
            }
        }
        return nil
    }

    /// A control character's escape (`\n`, `\u0001`).
    private static func escaped(_ byte: UInt8) -> [UInt8] {
        var output = JSONByteWriter(capacity: 8)
        output.writeEscape(byte)
        return output.finish()
    }

    /// The state in `blob`, `.success(nil)` for a document that is not one, or the lexer's error.
    private static func parse(_ blob: [UInt8]) -> Result<ServerState?, JSONSyntaxError> {
        blob.withUnsafeBufferPointer { buffer in
            var lexer = JSONLexer(buffer)
            var tag: String?
            var created: Int64?
            var modified: Int64?
            var assets: [ServerAsset] = []
            do throws(JSONSyntaxError) {
                lexer.skipWhitespace()
                guard !lexer.atEnd, lexer.current == UInt8(ascii: "{") else { return .success(nil) }
                lexer.position += 1
                lexer.skipWhitespace()
                var more = !lexer.atEnd && lexer.current != UInt8(ascii: "}")
                while more {
                    guard !lexer.atEnd, lexer.current == UInt8(ascii: "\"") else { return .success(nil) }
                    let key = try lexer.string(lexer.scanString(), validatingUTF8: true)
                    lexer.skipWhitespace()
                    guard !lexer.atEnd, lexer.current == UInt8(ascii: ":") else { return .success(nil) }
                    lexer.position += 1
                    lexer.skipWhitespace()
                    guard !lexer.atEnd else { return .success(nil) }
                    switch key {
                    case "created", "modified":
                        guard let value = lexer.plainInt64(try lexer.scanNumber()) else { return .success(nil) }
                        if key == "created" { created = value } else { modified = value }
                    case "recordChangeTag":
                        guard lexer.current == UInt8(ascii: "\"") else { return .success(nil) }
                        tag = try lexer.string(lexer.scanString(), validatingUTF8: true)
                    case "assets":
                        guard let parsed = try ServerAsset.parseList(&lexer) else { return .success(nil) }
                        assets = parsed
                    case _ where lexer.current == UInt8(ascii: "\""):
                        _ = try lexer.scanString()
                    default:
                        _ = try lexer.scanNumber()
                    }
                    lexer.skipWhitespace()
                    more = !lexer.atEnd && lexer.current == UInt8(ascii: ",")
                    if more {
                        lexer.position += 1
                        lexer.skipWhitespace()
                    }
                }
                if lexer.atEnd || lexer.current != UInt8(ascii: "}") { return .success(nil) }
                lexer.position += 1
                lexer.skipWhitespace()
                guard lexer.atEnd, let tag else { return .success(nil) }
                return .success(
                    ServerState(recordChangeTag: tag, created: created, modified: modified, assets: assets))
            } catch {
                return .failure(error)
            }
        }
    }
}
