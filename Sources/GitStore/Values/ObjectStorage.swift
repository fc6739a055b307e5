/// How a repository stores its objects: packs and loose files, and their bytes on disk.
public struct ObjectStorage: Sendable, Hashable {
    /// Pack files (`objects/pack/pack-*.pack`; each has its `.idx`).
    public var packs = 0
    /// Loose object files (`objects/xx/…`).
    public var looseObjects = 0
    /// Bytes of the packs, their indexes and the loose objects.
    public var bytes: Int64 = 0

    /// No packs, no loose objects, no bytes.
    public init() {}
}

/// What a repack did.
public struct RepackReport: Sendable, Hashable {
    /// The storage before the repack.
    public var before: ObjectStorage
    /// The storage after it.
    public var after: ObjectStorage
    /// The objects reachable from a ref, now all in one pack.
    public var reachableObjects: Int
    /// Pack and loose files kept because they hold an unreachable object younger than the grace period.
    public var keptFiles: Int
}
