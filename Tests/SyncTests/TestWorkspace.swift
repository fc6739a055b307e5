import CloudKitWeb
import Emulator
import Foundation
import Records
import Snapshots
import Sync

/// A copy of docs/example in its own temporary folder, with its embedded local remote.
struct TestWorkspace {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-sync-\(UUID().uuidString)")
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/example")
        try FileManager.default.copyItem(at: example, to: directory)
        try? FileManager.default.removeItem(at: directory.appendingPathComponent(".cksync"))
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    func open() throws -> Workspace { try Workspace.open(directory: directory.path) }

    func syncer() throws -> Syncer {
        let workspace = try open()
        return Syncer(workspace: workspace, remote: try Remote.open(workspace.configuration.remote(named: nil), workspace: workspace))
    }

    /// The store of the local remote, opened as a second, independent writer would open it.
    func store() throws -> EmulatorStore {
        try EmulatorStore(path: directory.appendingPathComponent(".cksync/local.sqlite").path)
    }

    func file(_ path: String) -> URL { directory.appendingPathComponent(path) }

    func edit(_ path: String, replacing old: String, with new: String) throws {
        let text = try String(contentsOf: file(path), encoding: .utf8)
        precondition(text.contains(old), "\(path) lacks \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: file(path), atomically: true, encoding: .utf8)
    }

    /// push --yes (with --delete-orphans when asked), as the CLI runs it.
    @discardableResult
    func push(deleteOrphans: Bool = false, options: ApplyOptions = ApplyOptions()) async throws -> SyncResult {
        let syncer = try syncer()
        let plan = try await syncer.planPush(refresh: false, deleteOrphans: deleteOrphans)
        return try await syncer.apply(plan, options: options, kind: "push", extraTrailers: [])
    }

    /// Every record the store holds, by name, as records.
    func remoteRecords() async throws -> [String: RecordDictionary] {
        var result: [String: RecordDictionary] = [:]
        for record in try store().allRecords(zone: "_defaultZone") { result[record.recordName] = record }
        return result
    }
}
