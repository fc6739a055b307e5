/// A source file read whole, with the byte range of each record line found.
public struct SourceFile {
    public let bytes: [UInt8]
    /// One range per record: the line without its newline, trailing comma or CR.
    public let records: [Range<Int>]
    /// 1-based line number of each record, for messages.
    public let lines: [Int32]

    /// Reads `path` and finds its records, checking the framing `format` implies.
    public init(path: String, spec: SourceSpec) throws {
        bytes = try FileIO.read(path)
        var records: [Range<Int>] = []
        var lines: [Int32] = []
        records.reserveCapacity(bytes.count / 120)
        lines.reserveCapacity(bytes.count / 120)
        var lineStart = 0
        var lineNumber: Int32 = 0
        var sawHeader = false
        let format = spec.format
        let header: [UInt8] = {
            var out: [UInt8] = []
            RowEncoder.appendCSVHeader(schema: spec.schema, to: &out)
            return out
        }()
        try bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            while lineStart < count {
                var lineEnd = lineStart
                while lineEnd < count && buffer[lineEnd] != 10 { lineEnd += 1 }
                lineNumber += 1
                var end = lineEnd
                if end > lineStart && buffer[end - 1] == 13 { end -= 1 }
                let start = lineStart
                lineStart = lineEnd + 1
                if end == start { continue }
                if format == .csv && !sawHeader {
                    sawHeader = true
                    guard buffer[start..<end].elementsEqual(header) else {
                        throw BenchError("\(path):\(lineNumber): header is not \(String(decoding: header, as: UTF8.self))")
                    }
                    continue
                }
                if format == .jsonArray || format == .jsonObject {
                    let only = end - start == 1 ? buffer[start] : 0
                    if only == UInt8(ascii: "[") || only == UInt8(ascii: "]") || only == UInt8(ascii: "{") || only == UInt8(ascii: "}") { continue }
                    if buffer[end - 1] == UInt8(ascii: ",") { end -= 1 }
                }
                records.append(start..<end)
                lines.append(lineNumber)
            }
        }
        self.records = records
        self.lines = lines
    }

    /// The bytes of record `index`.
    @inline(__always)
    public func record(_ index: Int) -> ArraySlice<UInt8> { bytes[records[index]] }

    /// The record name of record `index` without a full parse: the first CSV cell, the
    /// value of the first JSON key, or the key of a keyed object member.
    public func name(_ index: Int, format: SourceFormat) -> ArraySlice<UInt8> {
        let line = record(index)
        switch format {
        case .csv:
            let end = line.firstIndex(of: UInt8(ascii: ",")) ?? line.endIndex
            return line[line.startIndex..<end]
        case .jsonObject:
            guard let open = line.firstIndex(of: UInt8(ascii: "\"")),
                  let close = line[(open + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return [] }
            return line[(open + 1)..<close]
        case .jsonArray, .jsonLines:
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
                  let open = line[colon...].firstIndex(of: UInt8(ascii: "\"")),
                  let close = line[(open + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return [] }
            return line[(open + 1)..<close]
        }
    }
}

/// Writes a source file record by record, adding the framing of its format.
public final class SourceWriter {
    private let writer: ByteWriter
    private let spec: SourceSpec
    private var first = true

    /// Creates `path` and writes the header or opening bracket.
    public init(path: String, spec: SourceSpec) throws {
        writer = try ByteWriter(path: path)
        self.spec = spec
        switch spec.format {
        case .csv:
            RowEncoder.appendCSVHeader(schema: spec.schema, to: &writer.buffer)
            writer.buffer.append(10)
        case .jsonArray: writer.append("[\n")
        case .jsonObject: writer.append("{\n")
        case .jsonLines: break
        }
    }

    @inline(__always)
    private func separate() {
        switch spec.format {
        case .csv, .jsonLines: break
        case .jsonArray, .jsonObject: if !first { writer.append(",\n") }
        }
        first = false
    }

    @inline(__always)
    private func terminate() {
        if spec.format == .csv || spec.format == .jsonLines { writer.buffer.append(10) }
    }

    /// Writes one record.
    public func write(_ row: Row) throws {
        separate()
        RowEncoder.append(row, schema: spec.schema, format: spec.format, to: &writer.buffer)
        terminate()
        try writer.flushIfFull()
    }

    /// Writes one record already encoded in this format (copied from a `SourceFile`).
    public func write(encoded line: ArraySlice<UInt8>) throws {
        separate()
        writer.buffer.append(contentsOf: line)
        terminate()
        try writer.flushIfFull()
    }

    /// Writes the closing bracket and closes the file.
    public func finish() throws {
        switch spec.format {
        case .jsonArray: writer.append(first ? "]\n" : "\n]\n")
        case .jsonObject: writer.append(first ? "}\n" : "\n}\n")
        case .csv, .jsonLines: break
        }
        try writer.close()
    }
}
