/// How far a repack has come.
public struct RepackProgress: Sendable, Hashable {
    /// What the repack is doing.
    public enum Stage: Sendable, Hashable {
        /// Walking the history for the objects to pack; the total is known only at the end (0 until then).
        case countingObjects
        /// Writing the pack, each object whole or as a delta of its path's previous version.
        case writingPack
    }

    /// What it is doing now.
    public var stage: Stage
    /// Objects done in this stage.
    public var done: Int
    /// Objects in this stage (0 while not known yet).
    public var total: Int
}
