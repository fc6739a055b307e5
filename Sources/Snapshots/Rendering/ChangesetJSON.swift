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
        ])
    }

    /// The members of the document; callers may add their own (status adds the remote).
    public static func members(_ changeset: Changeset) -> [(String, JSONValue)] {
        [
            ("summary", summary(changeset.summary)),
            ("types", .object(changeset.types.map { ($0, summary(changeset.summaryByType[$0]!)) })),
            ("changes", .array(changeset.changes.map(change))),
        ]
    }

    public static func document(_ changeset: Changeset) -> JSONValue {
        .object(members(changeset))
    }

    static func change(_ change: RecordChange) -> JSONValue {
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
                        change.fieldChanges.map { fieldChange in
                            .object([
                                ("field", .string(fieldChange.field)),
                                ("old", fieldChange.old.map(value) ?? .null),
                                ("new", fieldChange.new.map(value) ?? .null),
                            ])
                        })
                ))
        case .deleted:
            break
        }
        return .object(members)
    }

    static func fields(_ fields: [String: FieldValue]) -> JSONValue {
        .object(fields.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) })
    }

    /// A field value in CloudKit's `{"type": …, "value": …}` form.
    static func value(_ value: FieldValue) -> JSONValue {
        .raw(CanonicalJSON.encode(value))
    }
}
