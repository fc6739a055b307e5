import Foundation
import Testing

@testable import Records

/// A large source is mapped, not read: the same bytes, a zero after them, and changes that stay
/// in memory.
@Suite("Source bytes")
struct SourceBytesTests {
    /// 17 MiB, a whole number of pages: the byte after the file is the first of a page the file
    /// does not reach, which must still be memory.
    @Test func aLargeFileIsMappedWithAZeroAfterItsLastByte() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let bytes = (0..<(17 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) | 1 }
        let path = workspace.path + "/data/big"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let source = try SourceBytes(contentsOf: path, displayPath: "data/big")
        #expect(source.count == bytes.count)
        #expect(UnsafeBufferPointer(start: source.base, count: source.count).elementsEqual(bytes))
        #expect(source.base[source.count] == 0)
    }

    /// Lone carriage returns become line feeds in memory; the file keeps its own.
    @Test func aMappedFileIsChangedOnlyInMemory() throws {
        let workspace = try TemporaryWorkspace()
        defer { workspace.remove() }
        let line = "id,name\r" + String(repeating: "r1,abcdefghijklmnopqrstuvwxyz\r", count: 600_000)
        let path = workspace.path + "/data/mac.csv"
        try Data(line.utf8).write(to: URL(fileURLWithPath: path))
        #expect(line.utf8.count >= 16 << 20)
        let source = try SourceBytes(contentsOf: path, displayPath: "data/mac.csv")
        source.convertLoneCarriageReturns()
        let converted = UnsafeBufferPointer(start: source.base, count: source.count)
        #expect(!converted.contains(0x0D) && converted.count { $0 == 0x0A } == 600_001)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(line.utf8))
    }
}
