/// Thrown after a fault closed the connection: no response can reach the client any more.
struct ConnectionDropped: Error, CustomStringConvertible {
    /// Whether the request was applied before the connection closed.
    var afterApplying: Bool

    var description: String { afterApplying ? "dropped after applying" : "dropped before applying" }
}
