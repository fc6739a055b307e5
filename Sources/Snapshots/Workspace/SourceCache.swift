import Foundation
import GitStore
import Records

/// Remembers, per record type, which `records/<Type>` tree a source file produced, keyed by the
/// file's stat fields and the type's configuration — git's index stat cache for cksync.
///
/// A hit skips reading, mapping and hashing the whole source. Stat fields with nanosecond times,
/// the inode and the size must all match, and the type's mapping must be unchanged.
///
/// Racily clean files (git's term): a file rewritten with the same size within the file system's
/// timestamp granularity right after it was read keeps the stat the cache remembers. As git does
/// with its index, an entry is trusted only when the file's mtime and ctime are strictly older
/// than the cache file's own mtime (when the entry was written, on the same clock and
/// granularity); otherwise the source is read again, and the next save makes the entry trusted.
struct SourceCache {
    struct Entry: Hashable {
        var configDigest: String
        var stat: FileStat
        var tree: ObjectID
    }

    private static let header = "cksync-source-cache 1"
    let path: String
    private(set) var entries: [String: Entry]
    /// The cache file's mtime when it was loaded: entries not strictly older are not trusted.
    private var written: FileStat?

    /// Loads the cache; a missing or unreadable cache is simply empty.
    init(path: String) {
        self.path = path
        entries = [:]
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        var lines = text.split(separator: "\n")
        guard lines.first == Substring(Self.header) else { return }
        lines.removeFirst()
        written = FileStat(path: path)
        for line in lines {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 9, let tree = ObjectID(hex: String(parts[8])),
                let numbers = Optional(parts[2...7].compactMap { Int64($0) }), numbers.count == 6
            else { continue }
            let stat = FileStat(
                size: numbers[0], modifiedSeconds: numbers[1], modifiedNanoseconds: numbers[2],
                changedSeconds: numbers[3], changedNanoseconds: numbers[4], inode: UInt64(numbers[5]))
            entries[String(parts[0])] = Entry(configDigest: String(parts[1]), stat: stat, tree: tree)
        }
    }

    /// The cached tree of `type`, when its source and mapping are unchanged.
    func tree(for type: RecordTypeConfiguration, stat: FileStat?) -> ObjectID? {
        guard let stat, let entry = entries[type.name], entry.stat == stat,
            entry.configDigest == Self.digest(of: type), let written, Self.isStrictlyOlder(stat, than: written)
        else { return nil }
        return entry.tree
    }

    /// Whether both of a file's times come strictly before the cache file's modification time.
    static func isStrictlyOlder(_ file: FileStat, than cache: FileStat) -> Bool {
        let cacheTime = (cache.modifiedSeconds, cache.modifiedNanoseconds)
        return (file.modifiedSeconds, file.modifiedNanoseconds) < cacheTime
            && (file.changedSeconds, file.changedNanoseconds) < cacheTime
    }

    /// Remembers the tree `type`'s source made. A source that had invalid records is forgotten
    /// instead: a hit would skip reading it, and its invalid records must be listed every time
    /// (its valid rows still come from the row cache).
    mutating func remember(_ type: RecordTypeConfiguration, stat: FileStat?, tree: ObjectID, hadInvalid: Bool) {
        guard let stat, !hadInvalid else {
            entries[type.name] = nil
            return
        }
        entries[type.name] = Entry(configDigest: Self.digest(of: type), stat: stat, tree: tree)
    }

    /// Writes the cache atomically; failing to write a cache is not an error worth stopping for.
    func save() {
        var text = Self.header + "\n"
        for (type, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let s = entry.stat
            let fields: [String] = [
                type, entry.configDigest, "\(s.size)", "\(s.modifiedSeconds)", "\(s.modifiedNanoseconds)",
                "\(s.changedSeconds)", "\(s.changedNanoseconds)", "\(s.inode)", entry.tree.hex,
            ]
            text += fields.joined(separator: "\t") + "\n"
        }
        try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// What of a type's configuration decides its records (not the compare rules, nor the
    /// schema's indexes).
    static func digest(of type: RecordTypeConfiguration) -> String {
        let mapping = type.fields.map { field in
            var field = field
            field.indexes = []
            return field
        }
        var parts = [
            CksyncVersion.current, type.name, type.source, type.format.rawValue, type.recordName.text,
            String(describing: mapping), type.invalidRecords.rawValue,
        ]
        // Only when set, so that the digests of types without it, and their caches, stay as they were.
        if let assets = type.assets { parts.append("assets=" + assets) }
        let text = parts.joined(separator: "\u{1}")
        return SHA1.hash(Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
