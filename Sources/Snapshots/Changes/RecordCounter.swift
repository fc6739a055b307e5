import GitStore

/// Counts the records of each type in a `records/` tree without reading any blob.
struct RecordCounter {
    let repository: GitRepository

    func countByType(in recordsTree: ObjectID?) throws -> [String: Int] {
        guard let recordsTree else { return [:] }
        var counts: [String: Int] = [:]
        var cache: RecordCountCache?
        for typeEntry in try repository.tree(recordsTree) where typeEntry.isTree {
            guard try RecordTree.depth(of: typeEntry.id, in: repository) == 2 else {
                var count = 0
                for fanOut in try repository.tree(typeEntry.id) where fanOut.isTree {
                    count += try repository.entryCount(ofTree: fanOut.id)
                }
                counts[typeEntry.name] = count
                continue
            }
            // 65,536 leaves at 10M records: counted once per tree, then remembered.
            var known = cache ?? RecordCountCache(repository: repository)
            defer { cache = known }
            if let count = known.count(of: typeEntry.id) {
                counts[typeEntry.name] = count
                continue
            }
            var count = 0
            for fanOut in try repository.tree(typeEntry.id) where fanOut.isTree {
                for leaf in try repository.tree(fanOut.id) where leaf.isTree {
                    count += try repository.entryCount(ofTree: leaf.id)
                }
            }
            known.remember(count, of: typeEntry.id)
            counts[typeEntry.name] = count
        }
        cache?.save()
        return counts
    }
}
