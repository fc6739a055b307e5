/// The bytes of git objects as GitStore writes them, and the ids they hash to.
enum ObjectFormat {
    /// Git's object types, numbered as in a pack entry header.
    enum Kind: UInt8 {
        case commit = 1
        case tree = 2
        case blob = 3

        var name: String {
            switch self {
            case .commit: "commit"
            case .tree: "tree"
            case .blob: "blob"
            }
        }
    }

    /// A tree entry with its name as bytes, the form trees are sorted and written in.
    struct Entry {
        var name: [UInt8]
        var id: ObjectID
        var isTree: Bool
    }

    /// The id of an object: SHA-1 of `"<type> <length>\0"` followed by the content.
    static func id(of kind: Kind, content: UnsafeRawBufferPointer) -> ObjectID {
        var sha = SHA1()
        // "blob 275\0" fits easily in 32 bytes; built on the stack because this runs per record.
        var header: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &header) { raw in
            var position = 0
            for byte in kind.name.utf8 {
                raw[position] = byte
                position += 1
            }
            raw[position] = UInt8(ascii: " ")
            position += 1
            var digits = 1
            var rest = content.count
            while rest >= 10 {
                digits += 1
                rest /= 10
            }
            var value = content.count
            for i in stride(from: position + digits - 1, through: position, by: -1) {
                raw[i] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            position += digits
            raw[position] = 0
            sha.update(UnsafeRawBufferPointer(rebasing: raw[..<(position + 1)]))
        }
        sha.update(content)
        return sha.finalizeID()
    }

    static func id(of kind: Kind, content: [UInt8]) -> ObjectID {
        content.withUnsafeBytes { id(of: kind, content: $0) }
    }

    /// Git's tree order: bytewise, with a directory compared as if its name ended in `/`, so
    /// `c1.json` < `c10.json` and `a` (file) < `a.json` < `a` (directory).
    static func precedes(_ lhs: Entry, _ rhs: Entry) -> Bool {
        let count = min(lhs.name.count, rhs.name.count)
        for i in 0..<count where lhs.name[i] != rhs.name[i] {
            return lhs.name[i] < rhs.name[i]
        }
        let left: UInt8 = lhs.name.count > count ? lhs.name[count] : (lhs.isTree ? UInt8(ascii: "/") : 0)
        let right: UInt8 = rhs.name.count > count ? rhs.name[count] : (rhs.isTree ? UInt8(ascii: "/") : 0)
        return left < right
    }

    /// Merges two lists already in git order.
    static func merge(_ first: [Entry], _ second: [Entry]) -> [Entry] {
        guard !second.isEmpty else { return first }
        var result: [Entry] = []
        result.reserveCapacity(first.count + second.count)
        var i = 0
        var j = 0
        while i < first.count && j < second.count {
            if precedes(second[j], first[i]) {
                result.append(second[j])
                j += 1
            } else {
                result.append(first[i])
                i += 1
            }
        }
        result.append(contentsOf: first[i...])
        result.append(contentsOf: second[j...])
        return result
    }

    /// Sorts entries in git order and rejects two entries with the same name.
    static func sorted(_ entries: [Entry]) throws -> [Entry] {
        let sorted = entries.sorted(by: precedes)
        var seen = Set<[UInt8]>()
        let mixed = sorted.contains { $0.isTree } && sorted.contains { !$0.isTree }
        for (index, entry) in sorted.enumerated() {
            // Equal names of equal kind sort next to each other; a file and a directory of the
            // same name need not, so only mixed trees pay for the set.
            let duplicate = index > 0 && sorted[index - 1].name == entry.name
            if duplicate || (mixed && !seen.insert(entry.name).inserted) {
                throw GitError(
                    function: "ObjectWriter.writeTree", message: "two entries have the same name",
                    context: String(decoding: entry.name, as: UTF8.self))
            }
        }
        return sorted
    }

    /// Throws unless `name` can be a tree entry name that `git fsck --strict` accepts.
    static func validate(name: some Collection<UInt8>, path: String) throws {
        let problem: String? =
            if name.isEmpty {
                "empty path segment"
            } else if name.elementsEqual(".".utf8) || name.elementsEqual("..".utf8) {
                "'.' or '..' path segment"
            } else if name.contains(0) || name.contains(UInt8(ascii: "/")) {
                "NUL or '/' in a name"
            } else if name.count == 4 && String(decoding: name, as: UTF8.self).lowercased() == ".git" {
                "'.git' path segment"
            } else { nil }
        if let problem {
            throw GitError(function: "ObjectWriter.writeTree", message: "invalid path: \(problem)", context: path)
        }
    }

    /// Tree content from entries already in git order: `<mode> <name>\0<20-byte id>` each.
    static func treeContent(_ entries: [Entry]) -> [UInt8] {
        var content: [UInt8] = []
        content.reserveCapacity(entries.reduce(0) { $0 + $1.name.count + 28 })
        for entry in entries { appendEntry(name: entry.name, id: entry.id, isTree: entry.isTree, to: &content) }
        return content
    }

    /// Appends one tree entry, `<mode> <name>\0<20-byte id>`, to tree content.
    static func appendEntry(name: some Collection<UInt8>, id: ObjectID, isTree: Bool, to content: inout [UInt8]) {
        content.append(contentsOf: isTree ? treeMode : fileMode)
        content.append(contentsOf: name)
        content.append(0)
        let start = content.count
        content.append(contentsOf: repeatElement(0, count: 20))
        content.withUnsafeMutableBytes { id.store(to: $0.baseAddress! + start) }
    }

    private static let fileMode = Array("100644 ".utf8)
    private static let treeMode = Array("40000 ".utf8)

    /// Commit content: tree, parents, author, committer, a blank line, the message ending in `\n`.
    static func commitContent(
        tree: ObjectID, parents: [ObjectID], message: String, author: Signature, committer: Signature
    ) -> [UInt8] {
        var text = "tree \(tree.hex)\n"
        for parent in parents { text += "parent \(parent.hex)\n" }
        text += "author \(signatureLine(author))\ncommitter \(signatureLine(committer))\n\n"
        text += message.hasSuffix("\n") ? message : message + "\n"
        return Array(text.utf8)
    }

    /// `Name <email> 1700000000 +0100`.
    static func signatureLine(_ signature: Signature) -> String {
        let sign = signature.offsetMinutes < 0 ? "-" : "+"
        let minutes = abs(signature.offsetMinutes)
        let hours = String(minutes / 60)
        let rest = String(minutes % 60)
        let offset =
            String(repeating: "0", count: max(0, 2 - hours.count)) + hours
            + String(repeating: "0", count: max(0, 2 - rest.count)) + rest
        return "\(signature.name) <\(signature.email)> \(signature.time) \(sign)\(offset)"
    }

    /// Parses raw tree content into entries (used to compare against a base tree).
    static func parseTree(_ content: [UInt8]) -> [Entry] {
        let tree = RawTree(content)
        return tree.entries.map { Entry(name: Array(content[$0.nameStart..<$0.nameEnd]), id: $0.id, isTree: $0.isTree) }
    }
}
