import Records

/// A changeset as Markdown: the counts, then a table with one row per changed field (one per
/// record for deletions), ready for a pull-request comment or a CI job summary.
public struct ChangesetMarkdown {
    /// The changeset rendered.
    public let changeset: Changeset

    /// Renders `changeset`.
    public init(_ changeset: Changeset) {
        self.changeset = changeset
    }

    /// The Markdown, line by line.
    public var lines: [String] {
        var lines = ["**" + ChangesetText.summaryLine(changeset.summary) + "**"]
        if changeset.types.count > 1 {
            lines.append("")
            lines +=
                MarkdownTable(
                    header: ["Type", "New", "Updated", "Unchanged", "Deleted"],
                    rows: changeset.types.map { type in
                        let summary = changeset.summaryByType[type] ?? ChangeSummary()
                        return [MarkdownTable.cell(type)]
                            + [summary.new, summary.updated, summary.unchanged, summary.deleted].map(String.init)
                    }
                ).lines
        }
        guard !changeset.changes.isEmpty else { return lines }
        lines.append("")
        lines += MarkdownTable(header: Self.changeHeader, rows: Self.rows(of: changeset.changes)).lines
        return lines
    }

    /// The columns of the table of changes.
    public static let changeHeader = ["Change", "Record", "Field", "Before", "After"]

    /// The rows of the table of changes: one per field of a new record and per changed field of
    /// an updated one; one per deleted record.
    public static func rows(of changes: [RecordChange]) -> [[String]] {
        changes.flatMap { change -> [[String]] in
            let record = MarkdownTable.code("\(change.type)/\(change.name)")
            func row(_ field: String, _ old: FieldValue?, _ new: FieldValue?) -> [String] {
                [change.kind.rawValue, record, MarkdownTable.cell(field), value(old), value(new)]
            }
            switch change.kind {
            case .new:
                let fields = (change.new?.fields ?? [:]).sorted { CanonicalJSON.utf8Precedes($0.key, $1.key) }
                return fields.isEmpty ? [row("", nil, nil)] : fields.map { row($0.key, nil, $0.value) }
            case .updated:
                return change.fieldChanges.map { row($0.field, $0.old, $0.new) }
            case .deleted:
                return [row("", nil, nil)]
            }
        }
    }

    private static func value(_ value: FieldValue?) -> String {
        value.map { MarkdownTable.cell($0.displayText) } ?? ""
    }
}
