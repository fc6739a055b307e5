import Foundation
import GitStore
import Records

/// Computes the changeset between two record trees (the `records/` directories of two snapshots).
///
/// The tree diff runs by object id first, so equal subtrees are never opened; only the blobs of
/// paths that differ are read and parsed, and only those are compared under the compare rules.
/// What a changeset found is kept (``ComparisonCache``): the next one between the same two trees
/// under the same rules, unless it keeps records or lists tolerated ones, diffs and reads nothing.
public struct ChangesetBuilder {
    let repository: GitRepository
    let rules: [String: CompareRules]

    /// - Parameters:
    ///   - rules: compare rules per record type; types without an entry use `CompareRules.default`.
    public init(repository: GitRepository, rules: [String: CompareRules]) {
        self.repository = repository
        self.rules = rules
    }

    /// How much of each change a caller needs; less is faster on large changesets.
    public enum Detail: Sendable {
        /// Counts only: `changes` lists the updated records alone. With one side empty, no tree is diffed.
        case counts
        /// Every change, but records carry only their type, name and blobs (updated ones also their
        /// field changes): new and deleted records' blobs are never read, and no record is held.
        /// ``withRecords(_:)`` reads the records of a change that needs them.
        case names
        /// Every change with its records.
        case records
    }

    /// The changeset that turns the records of `old` into those of `new` (`nil` = no records).
    /// - Parameter listTolerated: also list the records equal only under the compare rules
    ///   (`Changeset.tolerated`); otherwise they are only counted.
    public func changeset(
        from old: ObjectID?, to new: ObjectID?, detail: Detail = .records, listTolerated: Bool = false
    ) throws -> Changeset {
        try changeset(from: old, to: new, knowing: [:], detail: detail, listTolerated: listTolerated)
    }

    /// The changeset that turns the records of `old` into those of `new`, where the differences of
    /// the types in `known` are not diffed when they are between the same two trees.
    func changeset(
        from old: ObjectID?, to new: ObjectID?, knowing known: [String: KnownTypeDiff], detail: Detail,
        listTolerated: Bool = false
    ) throws -> Changeset {
        // The trees and records of the changes, wherever they are in the packs.
        try GitRepository.readingScattered {
            try changesetReadingScattered(
                from: old, to: new, knowing: known, detail: detail, listTolerated: listTolerated)
        }
    }

    private func changesetReadingScattered(
        from old: ObjectID?, to new: ObjectID?, knowing known: [String: KnownTypeDiff], detail: Detail,
        listTolerated: Bool
    ) throws -> Changeset {
        if detail == .counts, old == nil || new == nil {
            return try countsAgainstNothing(old: old, new: new)
        }
        let cache = ComparisonCache(repository: repository, rules: rules)
        // A changeset that keeps records or lists tolerated ones reads their blobs in any case.
        let kept =
            detail == .records || listTolerated
            ? nil : old.flatMap { old in new.flatMap { cache.comparison(from: old, to: $0) } }
        var (deltas, held) = try kept.map { ($0.deltas, []) } ?? self.deltas(from: old, to: new, knowing: known)
        // Two equal trees have nothing worth keeping.
        let deltasToKeep = kept == nil && !deltas.isEmpty && deltas.count <= ComparisonCache.largestKept ? deltas : nil
        var summaryByType: [String: ChangeSummary] = [:]
        var changes: [RecordChange] = []
        var tolerated: [RecordChange] = []
        // Every delta is at most one change: no doubling of a million changes' array.
        if detail != .counts { changes.reserveCapacity(deltas.count) }
        func add(_ outcome: Outcome) {
            switch outcome {
            case .change(let change):
                changes.append(change)
                switch change.kind {
                case .new: summaryByType[change.type, default: ChangeSummary()].new += 1
                case .updated: summaryByType[change.type, default: ChangeSummary()].updated += 1
                case .deleted: summaryByType[change.type, default: ChangeSummary()].deleted += 1
                }
            case .withinTolerance(let type, let change):
                summaryByType[type, default: ChangeSummary()].unchangedWithinTolerance += 1
                if let change { tolerated.append(change) }
            case .counted(let change):
                if change.kind == .new { summaryByType[change.type, default: ChangeSummary()].new += 1 }
                if change.kind == .deleted { summaryByType[change.type, default: ChangeSummary()].deleted += 1 }
            }
        }
        // New and deleted records named by their paths go straight into the changeset, not through
        // a list of outcomes beside it (a million of them, with names only, doubled a plan's memory).
        var pairs: [ComparedPair] = []
        for (index, delta) in deltas.enumerated() {
            guard detail == .records || (delta.old != nil && delta.new != nil) else {
                if let change = try Self.change(identifiedBy: delta) {
                    add(detail == .names ? .change(change) : .counted(change))
                }
                continue
            }
            pairs.append((delta.path, delta.old, delta.new, held.isEmpty ? nil : held[index]))
        }
        (deltas, held) = ([], [])
        let outcomes =
            try kept.map { try Self.outcomes(of: pairs, updated: $0.updated) }
            ?? compareInParallel(pairs, listTolerated: listTolerated, keepsRecords: detail == .records)
        let updatedToKeep = deltasToKeep == nil ? [] : outcomes.compactMap(\.update)
        for outcome in outcomes { add(outcome) }

        let counts =
            try kept?.counts
            ?? RecordCounter(repository: repository).countByType(in: new, after: old, changes: summaryByType)
        if let deltasToKeep, let old, let new {
            cache.store(from: old, to: new, deltas: deltasToKeep, updated: updatedToKeep, counts: counts)
        }
        for (type, count) in counts {
            var summary = summaryByType[type, default: ChangeSummary()]
            summary.unchanged = count - summary.new - summary.updated
            summaryByType[type] = summary
        }
        changes.sort { ($0.type, $0.name) < ($1.type, $1.name) }
        tolerated.sort { ($0.type, $0.name) < ($1.type, $1.name) }
        return Changeset(changes: changes, summaryByType: summaryByType, tolerated: tolerated)
    }

    private enum Outcome: Sendable {
        case change(RecordChange)
        /// Equal under the compare rules; the change carries every exact difference when listed.
        case withinTolerance(type: String, RecordChange?)
        /// A new or deleted record that is counted but not listed.
        case counted(RecordChange)

        /// The updated record this outcome is, if it is one.
        var update: RecordChange? {
            guard case .change(let change) = self, change.kind == .updated else { return nil }
            return change
        }

        /// Sets the change's blobs and, unless `keepsRecords`, lets go of its records.
        mutating func identify(oldBlob: ObjectID?, newBlob: ObjectID?, keepsRecords: Bool) {
            func identified(_ change: RecordChange) -> RecordChange {
                var change = change
                (change.oldBlob, change.newBlob) = (oldBlob, newBlob)
                if !keepsRecords { (change.old, change.new) = (nil, nil) }
                return change
            }
            switch self {
            case .change(let change): self = .change(identified(change))
            case .withinTolerance(let type, let change): self = .withinTolerance(type: type, change.map(identified))
            case .counted(let change): self = .counted(identified(change))
            }
        }
    }

    /// A path that differs between two record trees, with its blobs, and the new blob's content
    /// when the snapshot that wrote it still holds it (``KnownTypeDiff/newContents``).
    private typealias ComparedPair = (path: String, old: ObjectID?, new: ObjectID?, held: [UInt8]?)

    /// The blob-level differences between two records trees, paths below them. A type whose two
    /// trees `known` holds the differences of is not diffed.
    /// - Returns: also the content of each delta's new blob that `known` holds, in the order of the
    ///   deltas; empty when it holds none.
    private func deltas(
        from old: ObjectID?, to new: ObjectID?, knowing known: [String: KnownTypeDiff]
    ) throws -> (deltas: [TreeDelta], held: [[UInt8]?]) {
        guard !known.isEmpty, let old, let new else { return (try repository.diffTrees(from: old, to: new), []) }
        let (before, after) = (try repository.tree(old), try repository.tree(new))
        guard (before + after).allSatisfy(\.isTree) else { return (try repository.diffTrees(from: old, to: new), []) }
        let oldTypes = Dictionary(before.map { ($0.name, $0.id) }) { first, _ in first }
        let newTypes = Dictionary(after.map { ($0.name, $0.id) }) { first, _ in first }
        var deltas: [TreeDelta] = []
        var held: [[UInt8]?] = []
        for type in Set(oldTypes.keys).union(newTypes.keys).sorted() {
            let (oldType, newType) = (oldTypes[type], newTypes[type])
            guard oldType != newType else { continue }
            let typeDeltas: [TreeDelta]
            if let diff = known[type], diff.old == oldType, diff.new == newType {
                typeDeltas = diff.deltas
                if !diff.newContents.isEmpty {
                    held += repeatElement(nil, count: deltas.count - held.count)
                    held += typeDeltas.lazy.map { $0.new == nil ? nil : diff.newContents[$0.path] ?? nil }
                }
            } else {
                typeDeltas = try repository.diffTrees(from: oldType, to: newType)
            }
            deltas += typeDeltas.lazy.map { TreeDelta(path: type + "/" + $0.path, old: $0.old, new: $0.new) }
        }
        if !held.isEmpty { held += repeatElement(nil, count: deltas.count - held.count) }
        return (deltas, held)
    }

    /// Every record of one side is new (or deleted): the counts come from the tree entries alone.
    private func countsAgainstNothing(old: ObjectID?, new: ObjectID?) throws -> Changeset {
        let counter = RecordCounter(repository: repository)
        var summaryByType: [String: ChangeSummary] = [:]
        for (type, count) in try counter.countByType(in: new) {
            summaryByType[type, default: ChangeSummary()].new = count
        }
        for (type, count) in try counter.countByType(in: old) {
            summaryByType[type, default: ChangeSummary()].deleted = count
        }
        return Changeset(changes: [], summaryByType: summaryByType)
    }

    /// A new or deleted record named by its path alone, without reading its blob.
    private static func change(identifiedBy delta: TreeDelta) throws -> RecordChange? {
        guard let (type, name) = RecordPath.parse(pathBelowDirectory: delta.path) else {
            throw SnapshotError.corrupt(
                path: RecordPath.recordsDirectory + "/" + delta.path, reason: "not a record path")
        }
        return RecordChange(
            kind: delta.old == nil ? .new : .deleted, type: type, name: name, old: nil, new: nil, fieldChanges: [],
            oldBlob: delta.old, newBlob: delta.new)
    }

    /// `change` with its records read from their blobs where a changeset computed with names
    /// only left them out: `old` of a deleted or updated record, `new` of a new or updated one.
    public func withRecords(_ change: RecordChange) throws -> RecordChange {
        var loaded = change
        let path = RecordPath.path(type: change.type, name: change.name)
        if loaded.old == nil, let blob = change.oldBlob {
            loaded.old = try Self.decodeRecord(repository.blob(blob), path: path)
        }
        if loaded.new == nil, let blob = change.newBlob {
            loaded.new = try Self.decodeRecord(repository.blob(blob), path: path)
        }
        return loaded
    }

    /// The outcomes of `pairs` (each with both blobs) given the updated records among them: any
    /// other pair is equal under the rules.
    private static func outcomes(
        of pairs: [ComparedPair], updated: [ComparisonCache.BlobPair: RecordChange]
    ) throws -> [Outcome] {
        try pairs.map { pair in
            if let oldBlob = pair.old, let newBlob = pair.new,
                let change = updated[ComparisonCache.BlobPair(old: oldBlob, new: newBlob)]
            {
                return .change(change)
            }
            guard let (type, _) = RecordPath.parse(pathBelowDirectory: pair.path) else {
                throw SnapshotError.corrupt(path: RecordPath.recordsDirectory + "/" + pair.path, reason: "not a record path")
            }
            return .withinTolerance(type: type, nil)
        }
    }

    /// Reads and compares the blobs of `items` on all cores. Each core reads through a handle of
    /// its own on the repository: one handle serializes its calls, and reading the blobs was as
    /// slow as comparing them. A new blob whose content an item holds is not read.
    private func compareInParallel(
        _ items: [ComparedPair], listTolerated: Bool, keepsRecords: Bool
    ) throws -> [Outcome] {
        let chunkCount = items.count < 256 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let (repository, rules) = (repository, rules)
        let located = try Parallel.map(chunkCount) { chunk in
            Result {
                let reader = chunk == 0 ? repository : try GitRepository(bareAt: repository.path)
                let share = items[Parallel.slice(chunk, of: chunkCount, count: items.count)]
                let wanted = share.flatMap { [$0.old, $0.held == nil ? $0.new : nil] }
                return (reader: reader, locations: try reader.locateBlobs(wanted))
            }
        }.map { try $0.get() }
        // Blobs of packs not in the page cache (a while after they were written) are read from the
        // disk all at once, not one after the other, and those close together in one read.
        GitRepository.prefetch(at: located.flatMap(\.locations))
        let chunks = Parallel.map(chunkCount) { chunk in
            Result { () throws -> [Outcome] in
                let (reader, locations) = located[chunk]
                let share = Parallel.slice(chunk, of: chunkCount, count: items.count)
                return try share.enumerated().map { position, index in
                    let item = items[index]
                    let old = try item.old.map { try reader.blob($0, at: locations[2 * position]) }
                    let new = try item.held ?? item.new.map { try reader.blob($0, at: locations[2 * position + 1]) }
                    var outcome = try Self.compare(
                        (item.path, old, new), rules: rules, listTolerated: listTolerated, keepsRecords: keepsRecords)
                    outcome.identify(oldBlob: item.old, newBlob: item.new, keepsRecords: keepsRecords)
                    return outcome
                }
            }
        }
        return try chunks.flatMap { try $0.get() }
    }

    private static func compare(
        _ item: (path: String, old: [UInt8]?, new: [UInt8]?), rules: [String: CompareRules], listTolerated: Bool,
        keepsRecords: Bool
    ) throws -> Outcome {
        if !keepsRecords, !listTolerated, let oldBlob = item.old, let newBlob = item.new {
            // Neither record is kept, so only the fields whose bytes differ are decoded.
            let comparison: BlobComparison
            do {
                comparison = try CompareRules.changes(fromBlob: oldBlob, toBlob: newBlob) { rules[$0] ?? .default }
            } catch {
                throw SnapshotError.corrupt(path: RecordPath.recordsDirectory + "/" + item.path, reason: "\(error)")
            }
            guard !comparison.changes.isEmpty else { return .withinTolerance(type: comparison.type, nil) }
            return .change(
                RecordChange(
                    kind: .updated, type: comparison.type, name: comparison.name, old: nil, new: nil,
                    fieldChanges: comparison.changes))
        }
        let old = try item.old.map { try decodeRecord($0, path: RecordPath.recordsDirectory + "/" + item.path) }
        let new = try item.new.map { try decodeRecord($0, path: RecordPath.recordsDirectory + "/" + item.path) }
        switch (old, new) {
        case (nil, let new?):
            return .change(
                RecordChange(kind: .new, type: new.type, name: new.name, old: nil, new: new, fieldChanges: []))
        case (let old?, nil):
            return .change(
                RecordChange(kind: .deleted, type: old.type, name: old.name, old: old, new: nil, fieldChanges: []))
        case (let old?, let new?):
            let typeRules = rules[new.type] ?? .default
            let fieldChanges = typeRules.changes(from: old, to: new)
            if fieldChanges.isEmpty {
                let exact = listTolerated ? typeRules.exactChanges(from: old, to: new) : nil
                return .withinTolerance(
                    type: new.type,
                    exact.map {
                        .init(kind: .updated, type: new.type, name: new.name, old: old, new: new, fieldChanges: $0)
                    })
            }
            return .change(
                RecordChange(
                    kind: .updated, type: new.type, name: new.name, old: old, new: new, fieldChanges: fieldChanges))
        case (nil, nil):
            throw SnapshotError.corrupt(path: item.path, reason: "a diff entry without either side")
        }
    }

    /// The record a blob of the snapshot repository holds.
    /// - Parameter path: the blob's path in its snapshot, for the error.
    /// - Throws: ``SnapshotError/corrupt(path:reason:)`` naming `path`.
    package static func decodeRecord(_ blob: [UInt8], path: String) throws -> Record {
        do {
            return try CanonicalJSON.decode(blob)
        } catch {
            throw SnapshotError.corrupt(path: path, reason: "\(error)")
        }
    }
}
