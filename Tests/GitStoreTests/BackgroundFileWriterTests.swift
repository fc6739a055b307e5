import Foundation
import Testing

@testable import GitStore

/// `BackgroundFileWriter`: buffers and direct writes land in the order given, and a failed write
/// is an error at the next call, not a silent gap.
@Suite struct BackgroundFileWriterTests {
    @Test func writesLandInTheOrderGiven() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-bgw-\(UUID().uuidString)").path
        defer { unlink(path) }
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let writer = BackgroundFileWriter(descriptor: descriptor, path: path)
        var expected: [UInt8] = []
        for round in 0..<40 {
            let buffer = writer.emptyBuffer()
            // Buffers of every length up to a full one, each filled with its round's byte.
            let count =
                round == 7 ? BackgroundFileWriter.bufferSize : (round * 7_919) % BackgroundFileWriter.bufferSize + 1
            buffer.initializeMemory(as: UInt8.self, repeating: UInt8(round), count: count)
            expected += [UInt8](repeating: UInt8(round), count: count)
            try writer.write(buffer, count: count)
            if round % 9 == 0 {
                // A direct write comes after every buffer given before it.
                let large = [UInt8](repeating: 0xEE, count: BackgroundFileWriter.bufferSize + 3)
                try large.withUnsafeBytes { try writer.writeNow($0) }
                expected += large
            }
        }
        try writer.drain()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    }

    @Test func aFailedWriteIsReportedAndStopsWriting() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-bgw-\(UUID().uuidString)").path
        defer { unlink(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        // Open for reading only: every write fails.
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let writer = BackgroundFileWriter(descriptor: descriptor, path: path)
        let buffer = writer.emptyBuffer()
        buffer.initializeMemory(as: UInt8.self, repeating: 1, count: 10)
        try writer.write(buffer, count: 10)
        let error = #expect(throws: GitError.self) { try writer.drain() }
        #expect(error?.function == "write")
        #expect(throws: GitError.self) { try writer.write(writer.emptyBuffer(), count: 1) }
    }
}
