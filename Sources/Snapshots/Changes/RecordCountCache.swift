import Foundation
import GitStore

/// Record counts of two-level type trees, kept in `<repository>/cksync-record-counts` (git ignores
/// files it does not know in a repository's directory).
///
/// Counting a type of 10M records reads its 65,536 leaves, which would be most of a `status` with
/// nothing changed; a tree's count never changes, so it is counted once. One line per tree,
/// `<tree id> <count>`, newest last, at most ``limit`` lines. Like the row cache, a file that
/// cannot be read or written is only a miss: the counts are read from the trees again.
struct RecordCountCache {
    let path: String
    private var counts: [ObjectID: Int] = [:]
    private var order: [ObjectID] = []
    private var changed = false

    static let limit = 256

    init(repository: GitRepository) {
        path = repository.path + "/cksync-record-counts"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let id = ObjectID(hex: String(fields[0])), let count = Int(fields[1]), count >= 0
            else { continue }
            if counts.updateValue(count, forKey: id) == nil { order.append(id) }
        }
    }

    func count(of tree: ObjectID) -> Int? { counts[tree] }

    mutating func remember(_ count: Int, of tree: ObjectID) {
        guard counts.updateValue(count, forKey: tree) == nil else { return }
        order.append(tree)
        changed = true
    }

    /// Writes the file when a count was added, replacing it in one rename so a reader never sees half of it.
    func save() {
        guard changed else { return }
        let kept = order.suffix(Self.limit)
        let text = kept.map { "\($0.hex) \(counts[$0] ?? 0)\n" }.joined()
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}
