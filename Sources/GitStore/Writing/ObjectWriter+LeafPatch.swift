extension ObjectWriter {
    /// Patches a tree that holds only files with changes to some of its files, on the raw bytes:
    /// unchanged entries are copied as they are, without a name or value of their own. A fan-out tree holds
    /// thousands of entries and a sync of 1 % touches every one of them, so this is the hot path
    /// of ``updateTree(_:changes:subtrees:)``.
    ///
    /// - Parameters:
    ///   - files: name → index of the new content in `ids`, or nil to delete.
    ///   - output: gains the blobs to write, and each change of a file in `path`.
    /// - Returns: the new tree content; nil when the base holds a directory (the general path
    ///   handles that), or `.some([])` when nothing is left.
    func patchLeaf(
        base content: [UInt8], files: [[UInt8]: Int?], ids: [ObjectID], output treeOutput: inout TreeOutput,
        path: String
    ) -> [UInt8]? {
        let changes = files.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let base = RawTree(content)
        if base.entries.contains(where: \.isTree) { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(content.count + changes.count * 64)
        func insert(_ change: (key: [UInt8], value: Int?), replacing old: ObjectID?) {
            let blob = change.value.map { ids[$0] }
            treeOutput.recordChange(path: path, name: change.key, old: old, new: blob)
            guard let index = change.value, let blob else { return }
            if blob != old {
                let lookingUp = treeOutput.looksUpRepository
                treeOutput.pending.add(blob, index: index) { holds($0, kind: .blob, lookingUpRepository: lookingUp) }
            }
            ObjectFormat.appendEntry(name: change.key, id: blob, isTree: false, to: &output)
        }

        var next = 0
        for entry in base.entries {
            let name = content[entry.nameStart..<entry.nameEnd]
            // Changes that sort before this entry are insertions (or deletions of nothing).
            while next < changes.count && changes[next].key.lexicographicallyPrecedes(name) {
                insert(changes[next], replacing: nil)
                next += 1
            }
            if next < changes.count && changes[next].key.elementsEqual(name) {
                insert(changes[next], replacing: entry.id)
                next += 1
            } else {
                output.append(contentsOf: content[entry.start..<entry.nameEnd + 21])
            }
        }
        while next < changes.count {
            insert(changes[next], replacing: nil)
            next += 1
        }
        return output
    }
}
