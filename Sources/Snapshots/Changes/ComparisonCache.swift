import Foundation
import GitStore
import Records

/// The updated records of the changesets computed lately, kept in
/// `<repository>/cksync-comparisons/` (git ignores files it does not know in a repository's
/// directory), so that a changeset computed again between the same two record trees under the
/// same compare rules reads and compares no blob: `diff main~1 main` or a push's plan right
/// after `snapshot`, a push right after `status`.
///
/// One file per pair of trees, named `<old tree>-<new tree>`, at most ``limit`` of them (the
/// oldest are removed). It holds the compare rules' fingerprint, how many pairs of blobs the
/// trees' diff compared, and the updated records among them, each with its field changes; every
/// other pair compared was equal under the rules. The field changes are kept as two canonical
/// records holding the changed fields of each side, so the values round-trip through the one
/// codec of record blobs:
///
///     "cksync-comparisons 1\n", "rules <40 hex digits>\n", "compared <n>\n", "updated <m>\n",
///     then per updated record its old and new blob ids (20 bytes each), the lengths of the two
///     canonical records (UInt32 little-endian each) and the two records back to back.
///
/// Like the row cache, a file that cannot be read or written, or that does not match the trees'
/// diff, is only a miss: the blobs are compared again.
struct ComparisonCache {
    let directory: String
    /// Fingerprint of the compare rules and the cksync version the comparisons were made under.
    let rules: String

    /// The files kept; the newest ones.
    static let limit = 8
    /// Changesets with more updated records than this are not kept: their file would be hundreds
    /// of megabytes for a comparison that is rarely asked for twice.
    static let largestKept = 1 << 18

    private static let magic = "cksync-comparisons 1\n"

    init(repository: GitRepository, rules: [String: CompareRules]) {
        directory = repository.path + "/cksync-comparisons"
        self.rules = Self.fingerprint(rules)
    }

    /// One pair of blobs a changeset compared.
    struct BlobPair: Hashable {
        var old: ObjectID
        var new: ObjectID
    }

    /// The updated records among `compared` pairs of blobs of the diff from `old` to `new`, by
    /// their blobs; nil when none are kept for these trees, rules and number of pairs.
    func updated(from old: ObjectID, to new: ObjectID, compared: Int) -> [BlobPair: RecordChange]? {
        guard let data = FileManager.default.contents(atPath: path(from: old, to: new)) else { return nil }
        do {
            return try data.withUnsafeBytes { try Self.parse($0, rules: rules, compared: compared) }
        } catch {
            return nil
        }
    }

    /// Keeps the `updated` records found among `compared` pairs of blobs of the diff from `old`
    /// to `new`; each change carries its blobs and field changes.
    func store(from old: ObjectID, to new: ObjectID, compared: Int, updated: [RecordChange]) {
        guard updated.count <= Self.largestKept,
            updated.allSatisfy({ $0.oldBlob != nil && $0.newBlob != nil })
        else { return }
        let chunkCount = updated.count < 1024 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let entries = Parallel.map(chunkCount) { chunk in
            var bytes: [UInt8] = []
            for change in updated[Parallel.slice(chunk, of: chunkCount, count: updated.count)] {
                Self.append(change, to: &bytes)
            }
            return bytes
        }
        var bytes = Array("\(Self.magic)rules \(rules)\ncompared \(compared)\nupdated \(updated.count)\n".utf8)
        bytes.reserveCapacity(bytes.count + entries.reduce(0) { $0 + $1.count })
        for chunk in entries { bytes += chunk }
        let path = path(from: old, to: new)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
        removeOldest()
    }

    /// One updated record as the file holds it: its blob ids, the lengths of its two sides, the sides.
    private static func append(_ change: RecordChange, to bytes: inout [UInt8]) {
        var (old, new) = ([String: FieldValue](), [String: FieldValue]())
        for fieldChange in change.fieldChanges {
            old[fieldChange.field] = fieldChange.old
            new[fieldChange.field] = fieldChange.new
        }
        let before = CanonicalJSON.encode(Record(type: change.type, name: change.name, fields: old))
        let after = CanonicalJSON.encode(Record(type: change.type, name: change.name, fields: new))
        bytes += change.oldBlob!.bytes
        bytes += change.newBlob!.bytes
        withUnsafeBytes(of: UInt32(before.count).littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt32(after.count).littleEndian) { bytes += $0 }
        bytes += before
        bytes += after
    }

    private func path(from old: ObjectID, to new: ObjectID) -> String {
        directory + "/" + old.hex + "-" + new.hex
    }

    /// Removes all but the ``limit`` newest files.
    private func removeOldest() {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            return
        }
        guard names.count > Self.limit else { return }
        // By the time of the last change; a file that went meanwhile (another process) sorts first and goes.
        let dated = names.map { name in
            let path = directory + "/" + name
            let stat = FileStat(path: path)
            return (path: path, time: stat.map { ($0.modifiedSeconds, $0.modifiedNanoseconds) } ?? (0, 0))
        }
        for file in dated.sorted(by: { $0.time > $1.time }).dropFirst(Self.limit) {
            unlink(file.path)
        }
    }

    /// Why a file is not used; a miss, never shown.
    private struct Unusable: Error {}

    private static func parse(
        _ bytes: UnsafeRawBufferPointer, rules: String, compared: Int
    ) throws -> [BlobPair: RecordChange] {
        var reader = LineReader(bytes: bytes)
        guard reader.line() == String(magic.dropLast()), reader.line() == "rules " + rules,
            reader.line() == "compared \(compared)", let countLine = reader.line(),
            countLine.hasPrefix("updated "), let count = Int(countLine.dropFirst(8)), count >= 0, count <= compared
        else { throw Unusable() }
        // Where each record's two sides lie, then the sides decoded on all cores.
        var entries: [(pair: BlobPair, old: Range<Int>, new: Range<Int>)] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            // Not `ObjectID(bytes:)`: a generic across modules, unspecialized, was a fifth of the read.
            guard let oldBlob = reader.take(20).map({ ObjectID(pointer: $0.baseAddress!) }),
                let newBlob = reader.take(20).map({ ObjectID(pointer: $0.baseAddress!) }),
                let oldLength = reader.integer(UInt32.self), let newLength = reader.integer(UInt32.self),
                let old = reader.skip(Int(oldLength)), let new = reader.skip(Int(newLength))
            else { throw Unusable() }
            entries.append((BlobPair(old: oldBlob, new: newBlob), old, new))
        }
        guard reader.atEnd else { throw Unusable() }
        let chunkCount = count < 1024 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        nonisolated(unsafe) let bytes = bytes
        let entriesFound = entries
        let chunks = Parallel.map(chunkCount) { chunk in
            Result { () throws -> [RecordChange] in
                try Parallel.slice(chunk, of: chunkCount, count: count).map { index in
                    let entry = entriesFound[index]
                    return try change(
                        old: UnsafeRawBufferPointer(rebasing: bytes[entry.old]),
                        new: UnsafeRawBufferPointer(rebasing: bytes[entry.new]), pair: entry.pair)
                }
            }
        }
        var updated: [BlobPair: RecordChange] = [:]
        updated.reserveCapacity(count)
        for chunk in chunks {
            for change in try chunk.get() {
                let pair = BlobPair(old: change.oldBlob!, new: change.newBlob!)
                guard updated.updateValue(change, forKey: pair) == nil else { throw Unusable() }
            }
        }
        return updated
    }

    /// The updated record whose changed fields the canonical records `old` and `new` hold.
    private static func change(old: UnsafeRawBufferPointer, new: UnsafeRawBufferPointer, pair: BlobPair) throws
        -> RecordChange
    {
        let (old, new) = (try CanonicalJSON.decode(Array(old)), try CanonicalJSON.decode(Array(new)))
        let names = Set(old.fields.keys).union(new.fields.keys).sorted(by: CanonicalJSON.utf8Precedes)
        guard old.type == new.type, old.name == new.name, !names.isEmpty else { throw Unusable() }
        return RecordChange(
            kind: .updated, type: new.type, name: new.name, old: nil, new: nil,
            fieldChanges: names.map { FieldChange(field: $0, old: old.fields[$0], new: new.fields[$0]) },
            oldBlob: pair.old, newBlob: pair.new)
    }

    /// The compare rules of every type and the version of cksync, hashed: a file made under other
    /// rules, or by a version that compared otherwise, is not used.
    private static func fingerprint(_ rules: [String: CompareRules]) -> String {
        var text = "cksync \(CksyncVersion.current)\n"
        for (type, rule) in rules.sorted(by: { CanonicalJSON.utf8Precedes($0.key, $1.key) }) {
            let ignored = rule.ignore.sorted(by: CanonicalJSON.utf8Precedes)
            text += "\(type.utf8.count):\(type) \(rule.locationTolerance.bitPattern) \(rule.doubleTolerance.bitPattern)"
            text += ignored.map { " \($0.utf8.count):\($0)" }.joined() + "\n"
        }
        return ObjectID(bytes: SHA1.hash(Array(text.utf8))).hex
    }
}

/// Reads the cache file: its header's lines, then fields of known sizes.
private struct LineReader {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    /// The next line, without its line feed; nil at the end or when no line feed follows.
    mutating func line() -> String? {
        guard let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        defer { offset = end + 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
    }

    /// The range of the next `count` bytes, skipped.
    mutating func skip(_ count: Int) -> Range<Int>? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return offset..<offset + count
    }

    mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
        skip(count).map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        take(MemoryLayout<T>.size).map { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }
}
