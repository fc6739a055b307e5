import GitStore

extension RecordTree {
    /// The blob at each of `paths` (full paths in the one-level form) in a snapshot's root tree,
    /// looked up at its type's depth; nil where there is none.
    package static func blobIDs(
        at paths: [String], inSnapshot root: ObjectID, repository: GitRepository
    ) throws -> [ObjectID?] {
        var depths: [Substring: Int] = [:]
        var placedPaths: [String] = []
        placedPaths.reserveCapacity(paths.count)
        for path in paths {
            guard let directory = typeDirectory(of: path) else {
                placedPaths.append(path)
                continue
            }
            let depth: Int
            if let known = depths[directory] {
                depth = known
            } else {
                depth =
                    try subtree(at: directory, in: root, repository).map { try self.depth(of: $0, in: repository) } ?? 1
                depths[directory] = depth
            }
            placedPaths.append(try RecordPath.placed(path, depth: depth))
        }
        return try repository.blobIDs(at: placedPaths, inTree: root)
    }

    /// The blob at `path` (a full path in the one-level form) in a snapshot's root tree, at
    /// whichever depth its type has there; nil when there is none.
    package static func blobID(at path: String, inSnapshot root: ObjectID, repository: GitRepository) throws
        -> ObjectID?
    {
        // A path at one depth is never found in a type at another.
        for depth in 1...FanOut.maximumDepth {
            if let entry = try repository.entry(at: RecordPath.placed(path, depth: depth), inTree: root) {
                return entry.isTree ? nil : entry.id
            }
        }
        return nil
    }
}
