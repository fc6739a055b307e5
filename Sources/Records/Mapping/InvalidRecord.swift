/// A source record left out of a read under `invalid-records = "skip"`, with why.
public struct InvalidRecord: Sendable, Hashable, CustomStringConvertible {
    /// The record type whose source holds it.
    public var type: String
    /// The name of the record the row holds, when that name is valid (the problem is a field, or
    /// the record's size): the data still holds that record, so a sync must not delete it.
    public var name: String?
    /// The problem, naming the file, the line and, when there is one, the field.
    public var error: InputError

    public init(type: String, name: String?, error: InputError) {
        self.type = type
        self.name = name
        self.error = error
    }

    /// `data/airports.csv:812: field "elevation": "12a" is not a DOUBLE`
    public var description: String { error.description }
}
