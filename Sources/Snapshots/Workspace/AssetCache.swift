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

    /// Loads the cache; a missing or unreadable cache is simply empty. Read as bytes: `status`
    /// loads one line per file on every run.
    init(path: String) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let bytes = [UInt8](data)
        let header = Array((Self.header + "\n").utf8)
        guard bytes.starts(with: header) else { return }
        written = FileStat(path: path)
        var current: String?
        var lineStart = header.count
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var fields: [ArraySlice<UInt8>] = []
            fields.reserveCapacity(9)
            var fieldStart = lineStart
            for index in lineStart...lineEnd where index == lineEnd || bytes[index] == UInt8(ascii: "\t") {
                fields.append(bytes[fieldStart..<index])
                fieldStart = index + 1
            }
            lineStart = lineEnd + 1
            if fields.count == 4, fields[0].elementsEqual("T".utf8), let records = Self.id(fields[2]) {
                let type = String(decoding: fields[1], as: UTF8.self)
                current = type
                types[type] = TypeEntry(records: records, assets: Self.id(fields[3]), files: [:])
                continue
            }
            guard fields.count == 9, fields[0].elementsEqual("F".utf8), let type = current,
                let blob = Self.id(fields[8])
            else { continue }
            var numbers: [Int64] = []
            numbers.reserveCapacity(6)
            for field in fields[2...7] {
                guard let number = Self.number(field) else { break }
                numbers.append(number)
            }
            guard numbers.count == 6 else { continue }
            let stat = FileStat(
                size: numbers[0], modifiedSeconds: numbers[1], modifiedNanoseconds: numbers[2],
                changedSeconds: numbers[3], changedNanoseconds: numbers[4], inode: UInt64(numbers[5]))
            types[type]?.files[String(decoding: fields[1], as: UTF8.self)] = Entry(stat: stat, blob: blob)
        }
    }

    private static func id(_ field: ArraySlice<UInt8>) -> ObjectID? {
        field.count == 40 ? ObjectID(hex: String(decoding: field, as: UTF8.self)) : nil
    }

    /// A non-negative decimal number (every stat field cksync writes is one).
    private static func number(_ field: ArraySlice<UInt8>) -> Int64? {
        guard !field.isEmpty, field.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in field {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
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

    /// Remembers what `type`'s read made and named. The cache is saved even when nothing differs:
    /// an entry too new to be trusted (racily clean) becomes trusted only by a later save.
    mutating func remember(_ type: String, records: ObjectID, assets: ObjectID?, files: [String: Entry]) {
        types[type] = TypeEntry(records: records, assets: assets, files: files)
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
