import GitStore

/// Counts the records of each type in a `records/` tree without reading any blob.
struct RecordCounter {
    let repository: GitRepository

    func countByType(in recordsTree: ObjectID?) throws -> [String: Int] {
        guard let recordsTree else { return [:] }
        var counts: [String: Int] = [:]
        for typeEntry in try repository.tree(recordsTree) where typeEntry.isTree {
            var count = 0
            let depth = try RecordTree.depth(of: typeEntry.id, in: repository)
            for fanOut in try repository.tree(typeEntry.id) where fanOut.isTree {
                guard depth == 2 else {
                    count += try repository.entryCount(ofTree: fanOut.id)
                    continue
                }
                for leaf in try repository.tree(fanOut.id) where leaf.isTree {
                    count += try repository.entryCount(ofTree: leaf.id)
                }
            }
            counts[typeEntry.name] = count
        }
        return counts
    }
}
