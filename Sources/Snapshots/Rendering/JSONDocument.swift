/// Every `--json` document and saved plan starts with `"version"`: the version of the shapes
/// docs/json/ describes. It goes up when a member changes meaning or goes away; new members
/// can appear without it.
public enum JSONDocument {
    /// The version every document carries now.
    public static let version = 1

    /// A document: `"version"`, then `members`.
    public static func make(_ members: [(String, JSONValue)]) -> JSONValue {
        .object([("version", .int(version))] + members)
    }
}
