import CLibGit2

extension ObjectWriter {
    /// Patches a tree that holds only files with changes to some of its files, on the raw bytes:
    /// unchanged entries are copied as they are, never parsed into values. A fan-out tree holds
    /// thousands of entries and a sync of 1 % touches every one of them, so this is the hot path
    /// of ``updateTree(_:changes:subtrees:)``.
    ///
    /// - Parameter files: name → index of the new content in `ids`, or nil to delete.
    /// - Returns: the new tree content; nil when the base holds a directory (the general path
    ///   handles that), or `.some([])` when nothing is left.
    func patchLeaf(
        base content: [UInt8], files: [[UInt8]: Int?], ids: [ObjectID], pending: inout PendingBlobs
    ) -> [UInt8]? {
        let changes = files.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var output: [UInt8] = []
        output.reserveCapacity(content.count + changes.count * 64)
        let fileMode = Array("100644 ".utf8)
        func appendEntry(name: [UInt8], id: ObjectID) {
            output.append(contentsOf: fileMode)
            output.append(contentsOf: name)
            output.append(0)
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: 20))
            output.withUnsafeMutableBytes { id.store(to: $0.baseAddress! + start) }
        }
        func insert(_ change: (key: [UInt8], value: Int?), replacing old: ObjectID?) {
            guard let index = change.value else { return }
            let blob = ids[index]
            if blob != old { pending.add(blob, index: index) { exists($0) } }
            appendEntry(name: change.key, id: blob)
        }

        var next = 0
        var aborted = false
        content.withUnsafeBufferPointer { raw in
            var position = 0
            while position < raw.count {
                guard let space = raw[position...].firstIndex(of: UInt8(ascii: " ")),
                    let nul = raw[space...].firstIndex(of: 0), nul + 21 <= raw.count
                else { break }
                if raw[position] == UInt8(ascii: "4") {
                    aborted = true
                    return
                }
                let name = UnsafeBufferPointer(rebasing: raw[(space + 1)..<nul])
                let end = nul + 21
                // Changes that sort before this entry are insertions (or deletions of nothing).
                while next < changes.count && changes[next].key.lexicographicallyPrecedes(name) {
                    insert(changes[next], replacing: nil)
                    next += 1
                }
                if next < changes.count && changes[next].key.elementsEqual(name) {
                    insert(changes[next], replacing: ObjectID(pointer: UnsafeRawPointer(raw.baseAddress! + nul + 1)))
                    next += 1
                } else {
                    output.append(contentsOf: raw[position..<end])
                }
                position = end
            }
        }
        if aborted { return nil }
        while next < changes.count {
            insert(changes[next], replacing: nil)
            next += 1
        }
        return output
    }
}
