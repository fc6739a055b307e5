import GitStore
import Records

/// How one record differs between two snapshots.
///
/// The records and field changes are kept out of line, in one shared box made only when there are
/// any: a plan computed with names only holds a million changes at once, and inline they were
/// twice its size.
public struct RecordChange: Hashable, Sendable {
    /// How the record differs.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Only in the newer snapshot.
        case new
        /// In both, and different beyond the compare rules.
        case updated
        /// Only in the older snapshot.
        case deleted
    }

    /// The record type.
    public var type: String
    /// The record name.
    public var name: String
    /// The blob of the record in the older snapshot, when the change comes from two snapshots:
    /// a changeset computed with names only reads `old` from it when it is needed.
    public var oldBlob: ObjectID?
    /// The blob of the record in the newer snapshot, as `oldBlob` is in the older one.
    public var newBlob: ObjectID?
    /// How the record differs (last, where it packs beside the blobs).
    public var kind: Kind
    private var contents: Contents?

    /// The record in the older snapshot (`nil` when new).
    public var old: Record? {
        get { contents?.old }
        set { contents = Contents.make(old: newValue, new: new, fieldChanges: fieldChanges) }
    }

    /// The record in the newer snapshot (`nil` when deleted).
    public var new: Record? {
        get { contents?.new }
        set { contents = Contents.make(old: old, new: newValue, fieldChanges: fieldChanges) }
    }

    /// For updated records: the changed fields, sorted by name.
    public var fieldChanges: [FieldChange] {
        get { contents?.fieldChanges ?? [] }
        set { contents = Contents.make(old: old, new: new, fieldChanges: newValue) }
    }

    /// A change of record `type`/`name`, with the versions known and the changed fields, and the
    /// blobs of the two versions when they are in a snapshot.
    public init(
        kind: Kind, type: String, name: String, old: Record?, new: Record?, fieldChanges: [FieldChange],
        oldBlob: ObjectID? = nil, newBlob: ObjectID? = nil
    ) {
        self.kind = kind
        self.type = type
        self.name = name
        self.contents = Contents.make(old: old, new: new, fieldChanges: fieldChanges)
        self.oldBlob = oldBlob
        self.newBlob = newBlob
    }

    public static func == (lhs: RecordChange, rhs: RecordChange) -> Bool {
        lhs.kind == rhs.kind && lhs.type == rhs.type && lhs.name == rhs.name && lhs.oldBlob == rhs.oldBlob
            && lhs.newBlob == rhs.newBlob && lhs.old == rhs.old && lhs.new == rhs.new
            && lhs.fieldChanges == rhs.fieldChanges
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(type)
        hasher.combine(name)
        hasher.combine(old)
        hasher.combine(new)
        hasher.combine(fieldChanges)
        hasher.combine(oldBlob)
        hasher.combine(newBlob)
    }

    /// The records and field changes of a change; never changed once made (a change that sets
    /// one makes a new box), so changes share it freely.
    private final class Contents: Sendable {
        let old: Record?
        let new: Record?
        let fieldChanges: [FieldChange]

        private init(old: Record?, new: Record?, fieldChanges: [FieldChange]) {
            self.old = old
            self.new = new
            self.fieldChanges = fieldChanges
        }

        /// nil when there is nothing to hold: a change of names only costs no allocation.
        static func make(old: Record?, new: Record?, fieldChanges: [FieldChange]) -> Contents? {
            old == nil && new == nil && fieldChanges.isEmpty
                ? nil : Contents(old: old, new: new, fieldChanges: fieldChanges)
        }
    }
}

/// Counts of a changeset, for all types or for one.
public struct ChangeSummary: Hashable, Sendable {
    /// Records only in the newer side.
    public var new = 0
    /// Records in both sides that differ beyond the compare rules.
    public var updated = 0
    /// Records equal on both sides, within the compare rules.
    public var unchanged = 0
    /// Records only in the older side.
    public var deleted = 0
    /// Records whose blobs differ but which are equal under the compare rules (counted in `unchanged`).
    public var unchangedWithinTolerance = 0
    /// Source records left out of the newer side under `invalid-records = "skip"` (not a change).
    public var invalid = 0

    /// All counts zero.
    public init() {}

    /// Whether applying the changeset would change anything.
    public var hasChanges: Bool { new + updated + deleted > 0 }

    mutating func add(_ other: ChangeSummary) {
        new += other.new
        updated += other.updated
        unchanged += other.unchanged
        deleted += other.deleted
        unchangedWithinTolerance += other.unchangedWithinTolerance
        invalid += other.invalid
    }
}

/// The new, updated, unchanged and deleted records between an older snapshot and a newer one.
public struct Changeset: Hashable, Sendable {
    /// Every new, updated and deleted record, sorted by type, then name.
    public var changes: [RecordChange]
    /// Counts per record type, for every type present on either side.
    public var summaryByType: [String: ChangeSummary]
    /// The records that differ only within the compare rules (tolerances, ignored fields), each
    /// with every field that differs at all; listed only when asked for, sorted like `changes`.
    public var tolerated: [RecordChange]
    /// When the newer side is the data files: the records they hold that their types'
    /// `invalid-records = "skip"` left out, so that side lacks them (counted in the summaries).
    public private(set) var invalid: [InvalidRecord] = []

    /// A changeset of `changes`, counted per type by `summaryByType`; `tolerated` when listed.
    public init(changes: [RecordChange], summaryByType: [String: ChangeSummary], tolerated: [RecordChange] = []) {
        self.changes = changes
        self.summaryByType = summaryByType
        self.tolerated = tolerated
    }

    /// Deletions a sync leaves out (`sparing(_:)`): the data still holds those records, under rows
    /// their types skipped as invalid, so they are not gone.
    public private(set) var spared: [RecordChange] = []

    /// `Type/name` of each record the data holds under an invalid row (when its name is valid).
    public var invalidRecordIDs: Set<String> {
        Set(invalid.compactMap { record in record.name.map { "\(record.type)/\($0)" } })
    }

    /// This changeset without the deletions of the records `ids` (`Type/name`) names: they move
    /// to `spared`, and leave the `deleted` counts. Needs deletions listed (detail `.names` or more).
    public func sparing(_ ids: Set<String>) -> Changeset {
        guard !ids.isEmpty else { return self }
        var spared = self
        spared.changes = []
        for change in changes {
            if change.kind == .deleted, ids.contains("\(change.type)/\(change.name)") {
                spared.spared.append(change)
                spared.summaryByType[change.type]?.deleted -= 1
            } else {
                spared.changes.append(change)
            }
        }
        return spared
    }

    /// What a sync of the data applies: this changeset with the data's invalid records listed, less
    /// the deletions of the records they still name (`sparing(_:)`).
    public func listingAndSparing(invalid: [InvalidRecord]) -> Changeset {
        let listed = listing(invalid: invalid)
        return listed.sparing(listed.invalidRecordIDs)
    }

    /// This changeset with the data's invalid records listed and counted per type.
    public func listing(invalid: [InvalidRecord]) -> Changeset {
        var listed = self
        listed.invalid = invalid
        for record in invalid { listed.summaryByType[record.type, default: ChangeSummary()].invalid += 1 }
        return listed
    }

    /// Counts over all types.
    public var summary: ChangeSummary {
        summaryByType.values.reduce(into: ChangeSummary()) { $0.add($1) }
    }

    /// Record types in name order.
    public var types: [String] { summaryByType.keys.sorted() }

    /// The counts of each record type, in type name order.
    public var typeSummaries: [(type: String, summary: ChangeSummary)] {
        summaryByType.sorted { $0.key < $1.key }.map { (type: $0.key, summary: $0.value) }
    }

    /// Only the deletions, as prune-orphans applies them: the counts of every other kind are zero.
    public var orphansOnly: Changeset {
        var orphans = Changeset(
            changes: changes.filter { $0.kind == .deleted },
            summaryByType: summaryByType.mapValues { summary in
                var orphans = ChangeSummary()
                orphans.deleted = summary.deleted
                orphans.invalid = summary.invalid
                return orphans
            })
        // A record whose row is invalid is missing from the data, so it may be among the orphans.
        orphans.invalid = invalid
        orphans.spared = spared
        return orphans
    }

    /// The same changeset restricted to one record type.
    public func filtered(type: String) -> Changeset {
        var filtered = Changeset(
            changes: changes.filter { $0.type == type },
            summaryByType: summaryByType.filter { $0.key == type },
            tolerated: tolerated.filter { $0.type == type }
        )
        filtered.invalid = invalid.filter { $0.type == type }
        filtered.spared = spared.filter { $0.type == type }
        return filtered
    }
}
