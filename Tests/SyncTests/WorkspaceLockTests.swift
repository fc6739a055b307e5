import Foundation
import Testing

@testable import Sync

/// The workspace lock is flock(2) on `.cksync/lock`: the file's content only names the holder.
@Suite struct WorkspaceLockTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-lock-\(UUID().uuidString)").path

    @Test func aSecondHolderIsRefusedAtOnce() throws {
        let lock = try WorkspaceLock(path: path, command: "push")
        // A second open file description in this process: flock refuses it as it would another process.
        #expect(throws: SyncError.self) { try WorkspaceLock(path: path, command: "fetch") }
        let owner = try #require(WorkspaceLock.owner(at: path))
        #expect(owner.pid == getpid())
        #expect(owner.command == "push")
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: path))
        try WorkspaceLock(path: path, command: "fetch").release()
    }

    @Test func aRefusalNamesTheHolderAndWhenItStarted() throws {
        let lock = try WorkspaceLock(path: path, command: "push", started: Date(timeIntervalSince1970: 1_767_225_600))
        defer { lock.release() }
        #expect(WorkspaceLock.owner(at: path)?.started == "2026-01-01T00:00:00Z")
        let error = #expect(throws: SyncError.self) { try WorkspaceLock(path: path, command: "fetch") }
        #expect(
            error.map { "\($0)" }
                == "\(path): another cksync (push, pid \(getpid()), since 2026-01-01T00:00:00Z) is writing; "
                + "try again when it is done")
    }

    @Test func forceUnlockNeverBreaksAHeldLock() throws {
        let lock = try WorkspaceLock(path: path, command: "push")
        defer { lock.release() }
        do {
            _ = try WorkspaceLock(path: path, command: "fetch", forceUnlock: true)
            Issue.record("--force-unlock broke a lock its holder still holds")
        } catch let error as SyncError {
            #expect("\(error)".contains("another cksync (push, pid \(getpid())"))
        }
        #expect(WorkspaceLock.owner(at: path)?.command == "push")
    }

    /// What a command killed at any moment leaves: nothing, an empty file (killed between
    /// creating the file and writing its name), a dead pid, garbage. None of it blocks.
    @Test(arguments: ["", "pid 2147483000\ncommand push\nstarted 2026-01-01T00:00:00Z\n", "\u{0}\u{1}garbage\n"])
    func aLeftOverFileNobodyLocksDoesNotBlock(content: String) throws {
        defer { unlink(path) }
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        let lock = try WorkspaceLock(path: path, command: "push")
        #expect(WorkspaceLock.owner(at: path)?.pid == getpid())
        #expect(WorkspaceLock.owner(at: path)?.command == "push")
        lock.release()
    }

    /// A lock file this user may read but not write (cksync never makes one): nobody holds its
    /// lock, so it is replaced.
    @Test func anUnwritableFileNobodyLocksIsReplaced() throws {
        defer { unlink(path) }
        try "pid 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o444)
        let lock = try WorkspaceLock(path: path, command: "push")
        #expect(WorkspaceLock.owner(at: path)?.command == "push")
        lock.release()
    }

    /// One that cannot even be read cannot have its lock tested: the error names --force-unlock,
    /// which replaces it.
    @Test func anUnreadableFileNeedsForceUnlock() throws {
        defer { unlink(path) }
        try "pid 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0)
        if getuid() != 0 {
            do {
                _ = try WorkspaceLock(path: path, command: "push")
                Issue.record("an unreadable lock file was opened")
            } catch let error as SyncError {
                #expect("\(error)" == "\(path): cannot take the lock: Permission denied; --force-unlock replaces it")
            }
        }
        let lock = try WorkspaceLock(path: path, command: "push", forceUnlock: true)
        #expect(WorkspaceLock.owner(at: path)?.command == "push")
        lock.release()
    }

    @Test func aDirectoryGetsAClearErrorAndForceUnlockRemovesItWhenEmpty() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { rmdir(path) }
        do {
            _ = try WorkspaceLock(path: path, command: "push")
            Issue.record("a directory was taken for a lock")
        } catch let error as SyncError {
            #expect(
                "\(error)" == "\(path): cannot take the lock: it is a directory, not a lock file; remove it "
                    + "(rmdir, or --force-unlock if empty)")
        }
        try WorkspaceLock(path: path, command: "push", forceUnlock: true).release()
    }

    /// A real second process (util-linux `flock`, which takes the same flock(2) lock) holds the
    /// lock; killing it with SIGKILL frees the lock with no clean-up by anyone.
    @Test func aLockHeldByAKilledProcessIsFreeAgain() async throws {
        let tool = URL(fileURLWithPath: "/usr/bin/flock")
        try #require(FileManager.default.isExecutableFile(atPath: tool.path), "util-linux flock is needed")
        let ready = path + ".ready"
        defer {
            unlink(path)
            unlink(ready)
        }
        let holder = Process()
        holder.executableURL = tool
        // --close: the lock stays with flock(1) alone, not with the command it runs. The command
        // lasts until killed (an hour at most): under load this test may resume a minute later.
        holder.arguments = [
            "--exclusive", "--close", path, "/bin/sh", "-c",
            "echo pid 999 > \(path); echo $$ > \(ready); exec sleep 3600",
        ]
        try holder.run()
        while (FileManager.default.contents(atPath: ready) ?? Data()).last != UInt8(ascii: "\n") {
            try await Task.sleep(for: .milliseconds(10))
        }
        let sleeper = try #require(
            Int32(
                String(decoding: FileManager.default.contents(atPath: ready)!, as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(sleeper, SIGKILL) }
        do {
            _ = try WorkspaceLock(path: path, command: "push")
            Issue.record("a lock another process holds was taken")
        } catch let error as SyncError {
            #expect("\(error)" == "\(path): another cksync (?, pid 999, since ?) is writing; try again when it is done")
        }
        kill(holder.processIdentifier, SIGKILL)
        // Foundation sees its child exit only once the grandchild (which holds no lock) is gone too.
        kill(sleeper, SIGKILL)
        holder.waitUntilExit()
        let lock = try WorkspaceLock(path: path, command: "push")
        #expect(WorkspaceLock.owner(at: path)?.pid == getpid())
        lock.release()
    }
}
