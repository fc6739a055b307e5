import ArgumentParser
import Foundation
import GitStore
import Snapshots
import Sync

struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Repack the snapshot repository into one pack and drop what nothing needs.",
        discussion: """
            Writes every object reachable from a snapshot ref into one pack, each older version of a record or tree \
            as a delta of the newer one and each other record as a delta of the first of its type, then removes the \
            packs and loose objects it replaces. Objects no snapshot reaches (trees `status` and \
            `diff` wrote) go once they are two weeks old. Reports the repository's size before and after; the \
            repository stays readable by git (`git --git-dir .cksync/repo fsck`).

            A sync does this by itself when the repository holds more than 50 packs, with a one-line note; \
            `[gc] auto = false` in cksync.toml turns that off. Whatever that setting, a sync ends by rewriting the \
            packs it wrote (the local and the remote snapshot's) into one, with deltas among their objects.

            Examples:
              cksync gc
              cksync gc --json

            Exit codes: 0 ok; 2 bad configuration or another cksync holds the lock; 3 repository failure.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var lock: LockArguments

    func run() async throws {
        let workspace = try global.openWorkspace()
        let held = try WorkspaceLock(
            path: workspace.stateDirectory + "/lock", command: "gc", forceUnlock: lock.forceUnlock)
        defer { held.release() }
        let report = try GarbageCollection.repack(workspace)
        let output = Output(options: global)
        if global.json {
            func storage(_ storage: ObjectStorage) -> JSONValue {
                .object([
                    ("packs", .int(storage.packs)), ("looseObjects", .int(storage.looseObjects)),
                    ("bytes", .int(Int(storage.bytes))),
                ])
            }
            output.json(
                JSONDocument.make([
                    ("before", storage(report.before)), ("after", storage(report.after)),
                    ("reachableObjects", .int(report.reachableObjects)), ("keptFiles", .int(report.keptFiles)),
                ]))
            return
        }
        output.line("Packed the snapshot repository: " + GarbageCollection.summary(report))
        output.line("  \(report.reachableObjects) objects reachable from a snapshot")
        if report.keptFiles > 0 {
            output.line("  \(report.keptFiles) files kept for unreachable objects younger than two weeks")
        }
    }
}
