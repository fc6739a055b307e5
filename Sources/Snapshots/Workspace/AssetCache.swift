import Foundation
import GitStore
import Records

/// Remembers, per record type, the files its ASSET fields named at its last read: each file's
/// stat fields and blob id, and the `records/<Type>` and `assets/<Type>` trees that read made —
/// the source cache's companion for the files a source points at.
///
/// A source cache hit alone would miss an image edited in place while the data file stayed the
/// same; so a type with ASSET fields counts as unchanged only when every file it named still has
/// the stat fields remembered. A read that does happen reuses the blob id of every file whose stat
/// fields match instead of reading and hashing it again. As in the source cache, an entry is
/// trusted only when the file's mtime and ctime are strictly older than the cache file's own mtime.
struct AssetCache {
    /// One file: its stat fields when it was hashed, and its blob.
    struct Entry: Hashable, Sendable {
        var stat: FileStat
        var blob: ObjectID
    }

    /// What one type's last read named.
    struct TypeEntry: Hashable {
        /// The `records/<Type>` tree the read made (the source cache's tree).
        var records: ObjectID
        /// Its `assets/<Type>` tree; `nil` when no record had a file.
        var assets: ObjectID?
        /// Every file resolved, by path relative to the workspace.
        var files: [String: Entry]
    }

    /// What a source cache hit of a type with ASSET fields may reuse.
    enum Validation {
        /// Every file is as remembered: the type's trees stand, with this `assets/<Type>` tree.
        case unchanged(assets: ObjectID?)
        /// A file changed, went, or cannot be trusted: read the type again.
        case stale
    }

    private static let header = "cksync-asset-cache 1"
    let path: String
    private(set) var types: [String: TypeEntry] = [:]
    /// The cache file's mtime when it was loaded: entries not strictly older are not trusted.
    private(set) var written: FileStat?
    private var changed = false

    /// Loads the cache; a missing or unreadable cache is simply empty.
    init(path: String) {
        self.path = path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        var lines = text.split(separator: "\n")[...]
        guard lines.first == Substring(Self.header) else { return }
        lines.removeFirst()
        written = FileStat(path: path)
        var current: String?
        for line in lines {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            if parts.first == "T", parts.count == 4, let records = ObjectID(hex: String(parts[2])) {
                let assets = parts[3] == "-" ? nil : ObjectID(hex: String(parts[3]))
                current = String(parts[1])
                types[String(parts[1])] = TypeEntry(records: records, assets: assets, files: [:])
                continue
            }
            guard parts.first == "F", parts.count == 9, let type = current, let blob = ObjectID(hex: String(parts[8])),
                let numbers = Optional(parts[3...7].compactMap { Int64($0) }), numbers.count == 5,
                let size = Int64(parts[2])
            else { continue }
            let stat = FileStat(
                size: size, modifiedSeconds: numbers[0], modifiedNanoseconds: numbers[1],
                changedSeconds: numbers[2], changedNanoseconds: numbers[3], inode: UInt64(numbers[4]))
            types[type]?.files[String(parts[1])] = Entry(stat: stat, blob: blob)
        }
    }

    /// Whether a file's stat is old enough, compared with the cache file, for a match to count.
    func isTrusted(_ stat: FileStat) -> Bool {
        guard let written else { return false }
        return SourceCache.isStrictlyOlder(stat, than: written)
    }

    /// Whether the files of `type`'s last read are unchanged, given the `records/<Type>` tree the
    /// source cache would reuse: every file stat'ed, and its blob looked up in the repository.
    func validate(_ type: String, records: ObjectID, workspace: String, repository: GitRepository) -> Validation {
        guard let entry = types[type], entry.records == records else { return .stale }
        if let assets = entry.assets, !repository.contains(assets) { return .stale }
        for (path, file) in entry.files {
            guard let stat = FileStat(path: workspace + "/" + path), stat == file.stat, isTrusted(stat),
                repository.contains(file.blob)
            else { return .stale }
        }
        return .unchanged(assets: entry.assets)
    }

    /// Remembers what `type`'s read made and named.
    mutating func remember(_ type: String, records: ObjectID, assets: ObjectID?, files: [String: Entry]) {
        let entry = TypeEntry(records: records, assets: assets, files: files)
        guard types[type] != entry else { return }
        types[type] = entry
        changed = true
    }

    /// Forgets a type that has no records, or no ASSET fields any more.
    mutating func forget(_ type: String) {
        if types.removeValue(forKey: type) != nil { changed = true }
    }

    /// Writes the cache atomically when it changed; failing to write a cache is not an error worth
    /// stopping for (the next read hashes the files again).
    func save() {
        guard changed else { return }
        var text = Self.header + "\n"
        // A path with a tab or line break cannot be written in this format: its type is left
        // out, so it never counts as unchanged and its files are hashed on every read.
        for (type, entry) in types.sorted(by: { $0.key < $1.key })
        where !entry.files.keys.contains(where: { $0.contains(where: { $0 == "\t" || $0.isNewline }) }) {
            text += "T\t\(type)\t\(entry.records.hex)\t\(entry.assets?.hex ?? "-")\n"
            for (path, file) in entry.files.sorted(by: { $0.key < $1.key }) {
                let s = file.stat
                let fields: [String] = [
                    "F", path, "\(s.size)", "\(s.modifiedSeconds)", "\(s.modifiedNanoseconds)",
                    "\(s.changedSeconds)", "\(s.changedNanoseconds)", "\(s.inode)", file.blob.hex,
                ]
                text += fields.joined(separator: "\t") + "\n"
            }
        }
        try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
