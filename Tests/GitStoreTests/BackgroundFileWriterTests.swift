import CLibGit2
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

    /// A writer told to drop what it wrote leaves the file's start out of the page cache once
    /// later steps are on their way to the disk; one not told keeps it. The bytes are the same.
    @Test(arguments: [false, true]) func writtenPagesLeaveThePageCacheOnlyWhenAsked(dropping: Bool) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-bgw-\(UUID().uuidString)").path
        defer { unlink(path) }
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let writer = BackgroundFileWriter(descriptor: descriptor, path: path, droppingWrittenPages: dropping)
        // Three writeback steps: the first is dropped once the third is sent out.
        let rounds = Int(3 * BackgroundFileWriter.writebackStep) / BackgroundFileWriter.bufferSize
        let size = BackgroundFileWriter.bufferSize
        for round in 0..<rounds {
            let buffer = writer.emptyBuffer()
            buffer.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: round), count: size)
            try writer.write(buffer, count: size)
        }
        try writer.drain()
        let cached = cksync_is_cached(descriptor, 0)
        try #require(cached >= 0, "this system cannot tell what is in the page cache")
        #expect(cached == (dropping ? 0 : 1))
        let content = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(content.count == rounds * size)
        for round in [0, rounds / 2, rounds - 1] {
            #expect(content[round * size] == UInt8(truncatingIfNeeded: round))
        }
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
