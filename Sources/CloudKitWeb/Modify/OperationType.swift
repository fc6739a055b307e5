/// The `operationType` of one `records/modify` operation (protocol §5).
package enum OperationType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Create; EXISTS if the record exists. `recordName` optional (the server picks a UUID).
    case create
    /// Merge the listed fields; conflict-checked by `recordChangeTag`.
    case update
    /// Merge the listed fields ignoring the tag; creates a missing record.
    case forceUpdate
    /// Replace the whole record (unlisted fields removed); conflict-checked.
    case replace
    /// Replace ignoring the tag; creates a missing record.
    case forceReplace
    /// Delete; conflict-checked.
    case delete
    /// Delete regardless of the tag.
    case forceDelete

    /// Whether the operation compares the record's `recordChangeTag` with the server's.
    package var isConflictChecked: Bool { self == .update || self == .replace || self == .delete }

    /// Whether the operation may create the record, and so needs its `recordType`.
    package var mayCreate: Bool { self == .create || self == .forceUpdate || self == .forceReplace }

    /// Whether the operation deletes.
    package var isDelete: Bool { self == .delete || self == .forceDelete }
}
