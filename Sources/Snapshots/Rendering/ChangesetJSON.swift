import Records

/// The `--json` rendering of a changeset: `{"summary": {…}, "types": {…}, "changes": […]}`.
public enum ChangesetJSON {
    public static func summary(_ summary: ChangeSummary) -> JSONValue {
        .object([
            ("new", .int(summary.new)),
            ("updated", .int(summary.updated)),
            ("unchanged", .int(summary.unchanged)),
            ("deleted", .int(summary.deleted)),
            ("unchangedWithinTolerance", .int(summary.unchangedWithinTolerance)),
            ("invalid", .int(summary.invalid)),
        ])
    }

    /// The deletions a sync spares: `[{"recordType", "recordName"}]`.
    public static func spared(_ changes: [RecordChange]) -> JSONValue {
        .array(changes.map { .object([("recordType", .string($0.type)), ("recordName", .string($0.name))]) })
    }

    /// The records the data's types skipped as invalid:
    /// `[{"recordType", "file", "line", "field", "message"}]`.
    public static func invalid(_ records: [InvalidRecord]) -> JSONValue {
        .array(
            records.map { record in
                .object([
                    ("recordType", .string(record.type)),
                    ("recordName", record.name.map { .string($0) } ?? .null),
                    ("file", .string(record.error.file)),
                    ("line", record.error.line.map { .int($0) } ?? .null),
                    ("field", record.error.field.map { .string($0) } ?? .null),
                    ("message", .string(record.error.message)),
                ])
            })
    }

    /// `{"Type": summary, …}` in type name order.
    public static func types(_ changeset: Changeset) -> JSONValue {
        .object(changeset.typeSummaries.map { ($0.type, summary($0.summary)) })
    }

    /// `{"new", "updated", "deleted"}`: what applying would change on the remote.
    public static func applyCounts(_ summary: ChangeSummary) -> JSONValue {
        .object([("new", .int(summary.new)), ("updated", .int(summary.updated)), ("deleted", .int(summary.deleted))])
    }

    /// The members of the document; callers may add their own (status adds the remote).
    /// `tolerated` is there only when the changeset lists those records.
    public static func members(_ changeset: Changeset) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("summary", summary(changeset.summary)),
            ("types", types(changeset)),
            ("changes", .array(changeset.changes.map(change))),
            ("invalid", invalid(changeset.invalid)),
            ("spared", spared(changeset.spared)),
        ]
        if !changeset.tolerated.isEmpty {
            members.append(("tolerated", .array(changeset.tolerated.map(change))))
        }
        return members
    }

    public static func document(_ changeset: Changeset) -> JSONValue {
        JSONDocument.make(members(changeset))
    }

    public static func change(_ change: RecordChange) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("change", .string(change.kind.rawValue)),
            ("recordType", .string(change.type)),
            ("recordName", .string(change.name)),
        ]
        switch change.kind {
        case .new:
            members.append(("fields", fields(change.new?.fields ?? [:])))
        case .updated:
            members.append(
                (
                    "fieldChanges",
                    .array(
                        change.fieldChanges.map(fieldChange))
                ))
        case .deleted:
            if let old = change.old { members.append(("fields", fields(old.fields))) }
        }
        return .object(members)
    }

    /// `{"field", "old", "new"}`, plus `removed` and `added` elements when both sides are lists.
    static func fieldChange(_ change: FieldChange) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("field", .string(change.field)),
            ("old", change.old.map(value) ?? .null),
            ("new", change.new.map(value) ?? .null),
        ]
        if let elements = ListElementChanges(change) {
            func list(_ items: [(offset: Int, value: FieldValue)]) -> JSONValue {
                .array(items.map { .object([("index", .int($0.offset)), ("value", value($0.value))]) })
            }
            members += [("removed", list(elements.removed)), ("added", list(elements.added))]
        }
        return .object(members)
    }

    static func fields(_ fields: [String: FieldValue]) -> JSONValue {
        .object(fields.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) })
    }

    /// A field value in CloudKit's `{"type": …, "value": …}` form.
    public static func value(_ value: FieldValue) -> JSONValue {
        .raw(CanonicalJSON.encode(value))
    }
}
