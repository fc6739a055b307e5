import GitStore

/// Counts the records of each type in a `records/` tree without reading any blob.
struct RecordCounter {
    let repository: GitRepository

    /// - Parameters:
    ///   - old: an earlier `records/` tree, and `changes` the new and deleted records per type from
    ///     it to `recordsTree`: a two-level type whose earlier count is remembered is counted as that
    ///     count plus new minus deleted, without reading its leaves.
    func countByType(
        in recordsTree: ObjectID?, after old: ObjectID? = nil, changes: [String: ChangeSummary] = [:]
    ) throws -> [String: Int] {
        guard let recordsTree else { return [:] }
        var counts: [String: Int] = [:]
        var cache: RecordCountCache?
        for typeEntry in try repository.tree(recordsTree) where typeEntry.isTree {
            let depth = try RecordTree.depth(of: typeEntry.id, in: repository)
            guard depth > 1 else {
                counts[typeEntry.name] = try RecordTree.records(below: typeEntry.id, levels: 1, in: repository)
                continue
            }
            // A million leaves at 10M records: counted once per tree, then remembered.
            var known = cache ?? RecordCountCache(repository: repository)
            defer { cache = known }
            if let count = known.count(of: typeEntry.id) {
                counts[typeEntry.name] = count
                continue
            }
            if let old, let earlier = try repository.entry(at: typeEntry.name, inTree: old),
                let earlierCount = known.count(of: earlier.id)
            {
                let change = changes[typeEntry.name] ?? ChangeSummary()
                let count = earlierCount + change.new - change.deleted
                known.remember(count, of: typeEntry.id)
                counts[typeEntry.name] = count
                continue
            }
            let count = try RecordTree.records(below: typeEntry.id, levels: depth, in: repository)
            known.remember(count, of: typeEntry.id)
            counts[typeEntry.name] = count
        }
        cache?.save()
        return counts
    }
}
