import Foundation
import GitStore
import Testing

/// Issue 10 (12): a pack writer killed before installing its pack leaves `tmp_pack_cksync_*`;
/// the next pack writer removes such files once their writer is surely gone, and never a live
/// writer's.
@Suite struct StalePackTests {
    /// Sets a file's times to `seconds` ago.
    func age(_ path: String, seconds: Int) {
        let then = Int(Date().timeIntervalSince1970) - seconds
        var times = [timespec(tv_sec: then, tv_nsec: 0), timespec(tv_sec: then, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    func packDirectory(_ repository: GitRepository) -> String { repository.path + "/objects/pack" }

    func write(_ repository: GitRepository, _ text: String) throws {
        let writer = try repository.makeWriter()
        _ = try writer.writeBlob(Array(text.utf8))
        try writer.finish()
    }

    @Test func aKilledWritersFilesGoAndLiveOrRecentOnesStay() throws {
        try withRepository { repository in
            let directory = packDirectory(repository)
            let killed = directory + "/tmp_pack_cksync_killed"
            let killedIndex = directory + "/tmp_pack_cksync_killed.idx"
            let orphanIndex = directory + "/tmp_pack_cksync_gone.idx"
            let recent = directory + "/tmp_pack_cksync_recent"
            let live = directory + "/tmp_pack_cksync_live"
            let liveIndex = directory + "/tmp_pack_cksync_live.idx"
            let foreign = directory + "/tmp_pack_other"
            for path in [killed, killedIndex, orphanIndex, recent, live, liveIndex, foreign] {
                #expect(FileManager.default.createFile(atPath: path, contents: Data("PACK".utf8)))
            }
            for path in [killed, killedIndex, orphanIndex, live, liveIndex, foreign] { age(path, seconds: 3600) }
            // A live writer: its own open file description holds the lock, as PackWriter's does.
            let holder = open(live, O_RDONLY)
            #expect(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)
            defer { close(holder) }

            try write(repository, "a blob")

            let left = Set(
                try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("tmp_") })
            #expect(
                left == [
                    "tmp_pack_cksync_recent", "tmp_pack_cksync_live", "tmp_pack_cksync_live.idx", "tmp_pack_other",
                ])
            #expect(try git(["--git-dir", repository.path, "fsck", "--strict"]).status == 0)
        }
    }

    /// A real second process holds a temporary pack's lock; once it is killed with SIGKILL, the
    /// next write removes the file.
    @Test func theFileOfAWriterKilledWithSIGKILLIsRemoved() async throws {
        let tool = "/usr/bin/flock"
        try #require(FileManager.default.isExecutableFile(atPath: tool), "util-linux flock is needed")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("GitStoreTests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let repository = try GitRepository.create(bareAt: root.path + "/repo.git")
        let temporary = packDirectory(repository) + "/tmp_pack_cksync_" + UUID().uuidString
        #expect(FileManager.default.createFile(atPath: temporary, contents: Data("PACK".utf8)))
        age(temporary, seconds: 3600)
        let ready = root.path + "/ready"
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: tool)
        // Until killed (an hour at most): under load this test may resume a minute later.
        holder.arguments = [
            "--exclusive", "--close", temporary, "/bin/sh", "-c", "echo $$ > \(ready); exec sleep 3600",
        ]
        try holder.run()
        while (FileManager.default.contents(atPath: ready) ?? Data()).last != UInt8(ascii: "\n") {
            try await Task.sleep(for: .milliseconds(10))
        }
        let sleeper = Int32(
            String(decoding: FileManager.default.contents(atPath: ready)!, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))
        defer { if let sleeper { kill(sleeper, SIGKILL) } }

        try write(repository, "first")
        #expect(FileManager.default.fileExists(atPath: temporary), "a live writer's file was removed")
        kill(holder.processIdentifier, SIGKILL)
        // Foundation sees its child exit only once the grandchild (which holds no lock) is gone too.
        if let sleeper { kill(sleeper, SIGKILL) }
        holder.waitUntilExit()
        try write(repository, "second")
        #expect(!FileManager.default.fileExists(atPath: temporary))
    }
}
