import Foundation
import Testing

@testable import Sync

@Suite struct WorkspaceLockTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-lock-\(UUID().uuidString)").path

    @Test func aSecondHolderIsRefusedAtOnce() throws {
        let lock = try WorkspaceLock(path: path, command: "push")
        #expect(throws: SyncError.self) { try WorkspaceLock(path: path, command: "fetch") }
        let owner = try #require(WorkspaceLock.owner(at: path))
        #expect(owner.pid == getpid())
        #expect(owner.command == "push")
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: path))
        try WorkspaceLock(path: path, command: "fetch").release()
    }

    @Test func aStaleLockIsReportedAndCanBeCleared() throws {
        defer { unlink(path) }
        // A pid far above any live one on this machine.
        try "pid 2147483000\ncommand push\nstarted 2026-01-01T00:00:00Z\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try WorkspaceLock(path: path, command: "push")
            Issue.record("a stale lock was taken over without --force-unlock")
        } catch let error as SyncError {
            #expect("\(error)".contains("stale lock"))
            #expect("\(error)".contains("--force-unlock"))
        }
        let lock = try WorkspaceLock(path: path, command: "push", forceUnlock: true)
        #expect(WorkspaceLock.owner(at: path)?.pid == getpid())
        lock.release()
    }
}
