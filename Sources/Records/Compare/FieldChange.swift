/// One field that differs between two versions of a record.
public struct FieldChange: Hashable, Sendable {
    /// The CloudKit field name.
    public var field: String
    /// The old value; `nil` when the field is new.
    public var old: FieldValue?
    /// The new value; `nil` when the field was removed.
    public var new: FieldValue?

    /// A change of `field` from `old` to `new` (`nil`: absent on that side).
    public init(field: String, old: FieldValue?, new: FieldValue?) {
        self.field = field
        self.old = old
        self.new = new
    }
}
