/// A record-name template such as `"{icao}"`, `"airport-{icao}"` or `"{$key}"`.
public struct RecordNameTemplate: Sendable, Hashable {
    /// One piece of a template.
    public enum Part: Sendable, Hashable {
        /// Text copied as it is.
        case literal(String)
        /// `{column}`: the value of that source column.
        case column(String)
        /// `{$key}`: the key of a JSON object of objects.
        case objectKey
    }

    /// The pieces, in order.
    public var parts: [Part]
    /// The template as written in cksync.toml.
    public var text: String

    /// A template of `parts`, written as `text` in cksync.toml.
    public init(parts: [Part], text: String) {
        self.parts = parts
        self.text = text
    }
}
