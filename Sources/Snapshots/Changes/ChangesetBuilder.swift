import Dispatch
import GitStore
import Records

/// Computes the changeset between two record trees (the `records/` directories of two snapshots).
///
/// The tree diff runs by object id first, so equal subtrees are never opened; only the blobs of
/// paths that differ are read and parsed, and only those are compared under the compare rules.
public struct ChangesetBuilder {
    let repository: GitRepository
    let rules: [String: CompareRules]

    /// - Parameters:
    ///   - rules: compare rules per record type; types without an entry use `CompareRules.default`.
    public init(repository: GitRepository, rules: [String: CompareRules]) {
        self.repository = repository
        self.rules = rules
    }

    /// The changeset that turns the records of `old` into those of `new` (`nil` = no records).
    public func changeset(from old: ObjectID?, to new: ObjectID?) throws -> Changeset {
        let deltas = try repository.diffTrees(from: old, to: new)
        let pairs = try deltas.map { delta in
            (
                delta: delta,
                oldBlob: try delta.old.map { try repository.blob($0) },
                newBlob: try delta.new.map { try repository.blob($0) }
            )
        }
        let compared = try Self.compareInParallel(pairs.map { ($0.delta.path, $0.oldBlob, $0.newBlob) }, rules: rules)

        var summaryByType: [String: ChangeSummary] = [:]
        var changes: [RecordChange] = []
        for outcome in compared {
            switch outcome {
            case .change(let change):
                changes.append(change)
                switch change.kind {
                case .new: summaryByType[change.type, default: ChangeSummary()].new += 1
                case .updated: summaryByType[change.type, default: ChangeSummary()].updated += 1
                case .deleted: summaryByType[change.type, default: ChangeSummary()].deleted += 1
                }
            case .withinTolerance(let type):
                summaryByType[type, default: ChangeSummary()].unchangedWithinTolerance += 1
            }
        }
        for (type, count) in try RecordCounter(repository: repository).countByType(in: new) {
            var summary = summaryByType[type, default: ChangeSummary()]
            summary.unchanged = count - summary.new - summary.updated
            summaryByType[type] = summary
        }
        changes.sort { ($0.type, $0.name) < ($1.type, $1.name) }
        return Changeset(changes: changes, summaryByType: summaryByType)
    }

    private enum Outcome: Sendable {
        case change(RecordChange)
        case withinTolerance(type: String)
    }

    private static func compareInParallel(
        _ items: [(path: String, old: [UInt8]?, new: [UInt8]?)], rules: [String: CompareRules]
    ) throws -> [Outcome] {
        let results = ResultSlots<Outcome>(count: items.count)
        let chunkCount = items.count < 256 ? 1 : ProcessInfoCores.active * 4
        let chunkSize = (items.count + chunkCount - 1) / max(chunkCount, 1)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = (chunk * chunkSize)..<min(items.count, (chunk + 1) * chunkSize)
            for index in range {
                results[index] = Result { try compare(items[index], rules: rules) }
            }
        }
        return try results.values()
    }

    private static func compare(
        _ item: (path: String, old: [UInt8]?, new: [UInt8]?), rules: [String: CompareRules]
    ) throws -> Outcome {
        let old = try item.old.map { try decode($0, path: item.path) }
        let new = try item.new.map { try decode($0, path: item.path) }
        switch (old, new) {
        case (nil, let new?):
            return .change(RecordChange(kind: .new, type: new.type, name: new.name, old: nil, new: new, fieldChanges: []))
        case (let old?, nil):
            return .change(
                RecordChange(kind: .deleted, type: old.type, name: old.name, old: old, new: nil, fieldChanges: []))
        case (let old?, let new?):
            let fieldChanges = (rules[new.type] ?? .default).changes(from: old, to: new)
            if fieldChanges.isEmpty { return .withinTolerance(type: new.type) }
            return .change(
                RecordChange(
                    kind: .updated, type: new.type, name: new.name, old: old, new: new, fieldChanges: fieldChanges))
        case (nil, nil):
            throw SnapshotError.corrupt(path: item.path, reason: "a diff entry without either side")
        }
    }

    private static func decode(_ blob: [UInt8], path: String) throws -> Record {
        do {
            return try CanonicalJSON.decode(blob)
        } catch {
            throw SnapshotError.corrupt(path: RecordPath.recordsDirectory + "/" + path, reason: "\(error)")
        }
    }
}
