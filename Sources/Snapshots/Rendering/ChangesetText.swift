import Records

/// Human renderings of a changeset, like git's: summary line, details, `--stat`, `--name-status`.
public struct ChangesetText {
    public let changeset: Changeset
    public let style: TextStyle
    /// Whether a deleted record shows the fields it had (`-v`), not only its name.
    public var showsDeletedFields: Bool

    public init(_ changeset: Changeset, style: TextStyle = TextStyle(colored: false), showsDeletedFields: Bool = false)
    {
        self.changeset = changeset
        self.style = style
        self.showsDeletedFields = showsDeletedFields
    }

    /// `3 new, 2 updated, 35 unchanged (3 within tolerance), 1 deleted`, then `, 2 invalid
    /// skipped` when the data's types skipped some.
    public static func summaryLine(_ summary: ChangeSummary) -> String {
        "\(summary.new) new, \(summary.updated) updated, \(unchangedText(summary)), \(summary.deleted) deleted"
            + invalidText(summary)
    }

    /// `, 2 invalid skipped`, or nothing when no record was skipped.
    public static func invalidText(_ summary: ChangeSummary) -> String {
        summary.invalid > 0 ? ", \(summary.invalid) invalid skipped" : ""
    }

    /// The records the data's types skipped as invalid, `file:line: reason` each below a heading;
    /// at most `limit` of them (`nil`: all). Nothing when none was skipped.
    public func invalidLines(limit: Int? = 100) -> [String] {
        let invalid = changeset.invalid
        guard !invalid.isEmpty else { return [] }
        let shown = invalid.prefix(limit ?? invalid.count)
        var lines = [
            style.red(
                "Skipped \(invalid.count) invalid record\(invalid.count == 1 ? "" : "s") (invalid-records = \"skip\"):")
        ]
        lines += shown.map { "  \($0)" }
        if shown.count < invalid.count {
            lines.append("  … and \(invalid.count - shown.count) more (--json lists them all)")
        }
        for change in changeset.spared {
            lines.append("Not deleted: \(change.type)/\(change.name) (its row in the data is invalid, not gone)")
        }
        return lines
    }

    /// `35 unchanged (3 within tolerance)`
    public static func unchangedText(_ summary: ChangeSummary) -> String {
        let tolerated = summary.unchangedWithinTolerance
        return "\(summary.unchanged) unchanged" + (tolerated > 0 ? " (\(tolerated) within tolerance)" : "")
    }

    /// One line per record type: `Airport: 1 new, 0 updated, 39 unchanged, 0 deleted`.
    public var typeLines: [String] {
        changeset.typeSummaries.map { "\($0.type): " + Self.summaryLine($0.summary) }
    }

    /// Every changed record, with the fields of new records and old → new of updated fields.
    public var details: [String] { details(of: changeset.changes) }

    /// The detail lines of some of the changes.
    public func details(of changes: some Sequence<RecordChange>) -> [String] {
        var lines: [String] = []
        for change in changes {
            let id = "\(change.type)/\(change.name)"
            switch change.kind {
            case .new:
                lines.append(style.green("new     " + id))
                lines += fieldLines(change.new)
            case .updated:
                lines.append(style.yellow("updated " + id))
                lines += change.fieldChanges.flatMap { FieldChangeText(change: $0, style: style).lines }
            case .deleted:
                lines.append(style.red("deleted " + id))
                if showsDeletedFields { lines += fieldLines(change.old) }
            }
        }
        return lines
    }

    /// The records equal only under the compare rules, each field with its exact change.
    public var toleratedDetails: [String] {
        changeset.tolerated.flatMap { change in
            ["within tolerance \(change.type)/\(change.name)"]
                + change.fieldChanges.map { FieldChangeText(change: $0, style: style).toleratedLine }
        }
    }

    private func fieldLines(_ record: Record?) -> [String] {
        (record?.fields ?? [:]).sorted { $0.key < $1.key }.map {
            FieldChangeText.indent + "\($0.key): \($0.value.displayText)"
        }
    }

    /// `--stat`: one line per changed record, then a total.
    public var stat: [String] {
        let ids = changeset.changes.map { "\($0.type)/\($0.name)" }
        let width = ids.map(\.count).max() ?? 0
        var lines: [String] = []
        for (change, id) in zip(changeset.changes, ids) {
            let padded = id + String(repeating: " ", count: width - id.count)
            switch change.kind {
            case .new: lines.append(" \(padded) | " + style.green("new"))
            case .deleted: lines.append(" \(padded) | " + style.red("deleted"))
            case .updated:
                let count = change.fieldChanges.count
                lines.append(" \(padded) | " + style.yellow("\(count) field\(count == 1 ? "" : "s")"))
            }
        }
        let summary = changeset.summary
        let changed = summary.new + summary.updated + summary.deleted
        lines.append(
            " \(changed) record\(changed == 1 ? "" : "s") changed: \(summary.new) new, \(summary.updated) updated, "
                + "\(summary.deleted) deleted")
        return lines
    }

    /// `--name-status`: `A`, `M` or `D`, a tab, then `Type/name`, as git prints paths.
    public var nameStatus: [String] {
        changeset.changes.map { change in
            let letter =
                switch change.kind {
                case .new: "A"
                case .updated: "M"
                case .deleted: "D"
                }
            return "\(letter)\t\(change.type)/\(change.name)"
        }
    }
}
