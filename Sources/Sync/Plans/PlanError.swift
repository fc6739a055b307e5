/// A saved plan that cannot be applied.
package enum PlanError: Error, CustomStringConvertible, Sendable {
    /// The file is not a plan this cksync reads.
    case unreadable(path: String, reason: String)
    /// The plan was made against another remote or from another state of it; nothing was applied.
    case stale(path: String, reason: String)

    package var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): not a usable plan: \(reason)"
        case .stale(let path, let reason):
            "\(path): plan refused, nothing applied: \(reason)"
        }
    }
}
