import GitStore
import Records
import Snapshots

/// Makes a plan's operations one at a time, in order, as batches are cut: each record is read
/// from its blob in the target snapshot when its operation is made, and the server states come
/// from the remote snapshot a window at a time. An apply so holds the records of its batches in
/// flight, never the plan's.
struct OperationSource {
    /// Server states looked up at once: a lookup reads each fan-out leaf it touches once.
    static let stateWindow = 4096

    /// The plan's changes, deletions included even when they are not applied (not copied).
    let changes: [RecordChange]
    let includesDeletions: Bool
    let previous: RemoteSnapshot
    let repository: GitRepository
    let held: HeldRecords
    /// How many operations there are.
    let count: Int
    /// The change the next operation starts looking from.
    private var position = 0
    private var states: (start: Int, values: [ServerState?]) = (0, [])

    init(plan: SyncPlan, previous: RemoteSnapshot, repository: GitRepository, held: HeldRecords) {
        changes = plan.changeset.changes
        includesDeletions = plan.includesDeletions
        count = plan.appliedCount
        self.previous = previous
        self.repository = repository
        self.held = held
    }

    /// The operation that applies the next change the plan applies, given the server state the
    /// remote snapshot holds for it; the record it writes counts as held until it is released.
    /// - Throws: ``SyncError/planWithoutRecord(_:)`` for a new or updated record whose change
    ///   names no version of it; `SnapshotError` for a blob that cannot be read.
    mutating func next() throws -> PlannedOperation {
        while !includesDeletions, changes[position].kind == .deleted { position += 1 }
        let index = position
        position += 1
        let change = changes[index]
        let state = try serverState(at: index)
        let tag = state?.recordChangeTag.isEmpty == false ? state?.recordChangeTag : nil
        let kind: PlannedOperation.Kind
        var assets: [OutgoingAsset] = []
        switch change.kind {
        case .new, .updated:
            let record = try record(of: change)
            kind = change.kind == .updated ? tag.map { .replace(record, tag: $0) } ?? .upsert(record) : .upsert(record)
            assets = OutgoingAsset.files(of: record, state: state)
            held.hold(1)
        case .deleted:
            kind = tag.map { .delete(tag: $0) } ?? .forceDelete
        }
        return PlannedOperation(kind: kind, planned: change.kind, type: change.type, name: change.name, assets: assets)
    }

    private func record(of change: RecordChange) throws -> Record {
        if let record = change.new { return record }
        guard let blob = change.newBlob else { throw SyncError.planWithoutRecord("\(change.type)/\(change.name)") }
        return try ChangesetBuilder.decodeRecord(
            repository.blob(blob), path: RecordPath.path(type: change.type, name: change.name))
    }

    private mutating func serverState(at index: Int) throws -> ServerState? {
        if !(states.start..<states.start + states.values.count).contains(index) {
            let window = changes[index..<min(changes.count, index + Self.stateWindow)]
            states = (index, try previous.serverStates(of: window.map { ($0.type, $0.name) }))
        }
        return states.values[index - states.start]
    }
}
