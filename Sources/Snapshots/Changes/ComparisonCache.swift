import Foundation
import GitStore
import Records

/// What the changesets computed lately found between two record trees, kept in
/// `<repository>/cksync-comparisons/` (git ignores files it does not know in a repository's
/// directory), so that a changeset computed again between the same trees under the same compare
/// rules neither diffs the trees nor reads a blob: `diff main~1 main` or a push's plan right after
/// `snapshot`, a push right after `status`.
///
/// One file per pair of trees, named `<old tree>-<new tree>`, at most ``limit`` of them (the
/// oldest are removed). It holds the compare rules' fingerprint, the trees' diff, the updated
/// records among its paths, each with its field changes (every other path in both trees was equal
/// under the rules), and the newer tree's record count of each type. Field values are kept in their
/// canonical one-line form, so they round-trip through the one codec of record blobs:
///
///     "cksync-comparisons 3\n", "rules <40 hex digits>\n", "deltas <n>\n", "updated <m>\n",
///     "types <k>\n"; then per delta: which blobs it has (one byte: 1 old, 2 new, 3 both), those
///     blob ids (20 bytes each) and its path below `records/`; per updated record: its old and new
///     blob ids and, after its length (UInt32), a body: type, name, the number of changed fields
///     (UInt32), and per field its name, old value and new value (empty when absent on that side);
///     per type: its record count (UInt64) and name. Every string and value is its length (UInt32)
///     then its UTF-8; integers little-endian.
///
/// Like the row cache, a file that cannot be read or written, or that does not hold together, is
/// only a miss: the trees are diffed and the blobs compared again. The format's number changes
/// whenever the comparison does.
struct ComparisonCache {
    let directory: String
    /// Fingerprint of the compare rules and the cksync version the comparisons were made under.
    let rules: String

    /// The files kept; the newest ones.
    static let limit = 8
    /// Diffs with more paths than this are not kept: their file would be hundreds of megabytes
    /// for a comparison that is rarely asked for twice.
    static let largestKept = 1 << 18

    private static let magic = "cksync-comparisons 3"

    init(repository: GitRepository, rules: [String: CompareRules]) {
        directory = repository.path + "/cksync-comparisons"
        self.rules = Self.fingerprint(rules)
    }

    /// One pair of blobs a changeset compared.
    struct BlobPair: Hashable {
        var old: ObjectID
        var new: ObjectID
    }

    /// What a changeset between two record trees found: all another one between them needs.
    struct Comparison {
        /// The trees' blob-level differences, paths below `records/`.
        var deltas: [TreeDelta]
        /// The updated records among the deltas with both blobs, by their blobs.
        var updated: [BlobPair: RecordChange]
        /// The newer tree's record count of each type.
        var counts: [String: Int]
    }

    /// What was kept of the changeset from `old` to `new`; nil when nothing was, or not under
    /// these rules.
    func comparison(from old: ObjectID, to new: ObjectID) -> Comparison? {
        guard let data = FileManager.default.contents(atPath: path(from: old, to: new)) else { return nil }
        do {
            return try data.withUnsafeBytes { try Self.parse($0, rules: rules) }
        } catch {
            return nil
        }
    }

    /// Keeps what the changeset from `old` to `new` found: the trees' `deltas`, the `updated`
    /// records among them (each with its blobs and field changes) and the record `counts` of `new`.
    func store(
        from old: ObjectID, to new: ObjectID, deltas: [TreeDelta], updated: [RecordChange], counts: [String: Int]
    ) {
        guard deltas.count <= Self.largestKept, updated.allSatisfy({ $0.oldBlob != nil && $0.newBlob != nil })
        else { return }
        // Encoding the field values is most of the work.
        let chunkCount = updated.count < 1024 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let encoded = Parallel.map(chunkCount) { chunk in
            var bytes: [UInt8] = []
            for change in updated[Parallel.slice(chunk, of: chunkCount, count: updated.count)] {
                Self.append(change, to: &bytes)
            }
            return bytes
        }
        let header = "\(Self.magic)\nrules \(rules)\ndeltas \(deltas.count)\nupdated \(updated.count)\ntypes \(counts.count)\n"
        write(to: path(from: old, to: new)) { file in
            func sized(_ string: String) {
                let bytes = Array(string.utf8)
                file.append(UInt32(bytes.count))
                file.append(bytes)
            }
            file.append(Array(header.utf8))
            for delta in deltas {
                file.append(UInt8((delta.old == nil ? 0 : 1) | (delta.new == nil ? 0 : 2)))
                if let id = delta.old { file.append(id.bytes) }
                if let id = delta.new { file.append(id.bytes) }
                sized(delta.path)
            }
            for chunk in encoded { file.append(chunk) }
            for (type, count) in counts {
                file.append(UInt64(count))
                sized(type)
            }
        }
    }

    private func path(from old: ObjectID, to new: ObjectID) -> String {
        directory + "/" + old.hex + "-" + new.hex
    }

    /// Writes the file at `path` through `body` and renames it into place, so a reader never sees
    /// half of it; then removes all but the ``limit`` newest files.
    private func write(to path: String, _ body: (inout BufferedFile) -> Void) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        var file = BufferedFile(fd: descriptor)
        body(&file)
        let written = file.flush()
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
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

    /// One updated record as the file holds it: its blob ids, then its body after the body's length.
    private static func append(_ change: RecordChange, to bytes: inout [UInt8]) {
        func integer<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        func field(_ field: some Collection<UInt8>) {
            integer(UInt32(field.count))
            bytes += field
        }
        bytes += change.oldBlob!.bytes
        bytes += change.newBlob!.bytes
        let lengthAt = bytes.count
        integer(UInt32(0))
        field(change.type.utf8)
        field(change.name.utf8)
        integer(UInt32(change.fieldChanges.count))
        for fieldChange in change.fieldChanges {
            field(fieldChange.field.utf8)
            field(fieldChange.old.map(CanonicalJSON.encodeField) ?? [])
            field(fieldChange.new.map(CanonicalJSON.encodeField) ?? [])
        }
        let length = UInt32(bytes.count - lengthAt - 4).littleEndian
        withUnsafeBytes(of: length) { bytes.replaceSubrange(lengthAt..<lengthAt + 4, with: $0) }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, rules: String) throws -> Comparison {
        var reader = ByteReader(bytes)
        func count(_ name: String) throws -> Int {
            guard let line = reader.line(), line.hasPrefix(name + " "), let count = Int(line.dropFirst(name.count + 1)),
                count >= 0
            else { throw Unusable() }
            return count
        }
        func objectID() throws -> ObjectID {
            // Not `ObjectID(bytes:)`: a generic across modules, unspecialized, was a fifth of the read.
            guard let bytes = reader.take(20) else { throw Unusable() }
            return ObjectID(pointer: bytes.baseAddress!)
        }
        func string() throws -> String {
            guard let bytes = reader.sized() else { throw Unusable() }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard reader.line() == magic, reader.line() == "rules " + rules else { throw Unusable() }
        let (deltaCount, updatedCount, typeCount) = (try count("deltas"), try count("updated"), try count("types"))
        guard updatedCount <= deltaCount else { throw Unusable() }

        var deltas: [TreeDelta] = []
        deltas.reserveCapacity(deltaCount)
        var pairs = Set<BlobPair>(minimumCapacity: deltaCount)
        for _ in 0..<deltaCount {
            guard let sides = reader.integer(UInt8.self), (1...3).contains(sides) else { throw Unusable() }
            let old = sides & 1 == 0 ? nil : try objectID()
            let new = sides & 2 == 0 ? nil : try objectID()
            deltas.append(TreeDelta(path: try string(), old: old, new: new))
            if let old, let new { pairs.insert(BlobPair(old: old, new: new)) }
        }
        // Where each updated record's body lies, then the bodies decoded on all cores.
        var entries: [(pair: BlobPair, body: UnsafeRawBufferPointer)] = []
        entries.reserveCapacity(updatedCount)
        for _ in 0..<updatedCount {
            let pair = BlobPair(old: try objectID(), new: try objectID())
            guard pairs.contains(pair), let body = reader.sized() else { throw Unusable() }
            entries.append((pair, body))
        }
        var counts: [String: Int] = [:]
        for _ in 0..<typeCount {
            guard let count = reader.integer(UInt64.self), count <= Int.max else { throw Unusable() }
            counts[try string()] = Int(count)
        }
        guard reader.atEnd, counts.count == typeCount else { throw Unusable() }

        let chunkCount = updatedCount < 1024 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        nonisolated(unsafe) let entriesFound = entries
        let chunks = Parallel.map(chunkCount) { chunk in
            Result { () throws -> [RecordChange] in
                try Parallel.slice(chunk, of: chunkCount, count: updatedCount).map { index in
                    let entry = entriesFound[index]
                    return try change(body: entry.body, pair: entry.pair)
                }
            }
        }
        var updated: [BlobPair: RecordChange] = [:]
        updated.reserveCapacity(updatedCount)
        for chunk in chunks {
            for change in try chunk.get() {
                let pair = BlobPair(old: change.oldBlob!, new: change.newBlob!)
                guard updated.updateValue(change, forKey: pair) == nil else { throw Unusable() }
            }
        }
        return Comparison(deltas: deltas, updated: updated, counts: counts)
    }

    /// The updated record whose type, name and field changes `body` holds.
    private static func change(body: UnsafeRawBufferPointer, pair: BlobPair) throws -> RecordChange {
        var reader = ByteReader(body)
        func field() throws -> UnsafeRawBufferPointer {
            guard let bytes = reader.sized() else { throw Unusable() }
            return bytes
        }
        func value() throws -> FieldValue? {
            let bytes = try field()
            return bytes.isEmpty ? nil : try CanonicalJSON.decodeField(bytes)
        }
        let (type, name) = (String(decoding: try field(), as: UTF8.self), String(decoding: try field(), as: UTF8.self))
        guard let count = reader.integer(UInt32.self), count > 0 else { throw Unusable() }
        var fieldChanges: [FieldChange] = []
        fieldChanges.reserveCapacity(Int(count))
        for _ in 0..<count {
            let name = String(decoding: try field(), as: UTF8.self)
            let (old, new) = (try value(), try value())
            guard old != nil || new != nil else { throw Unusable() }
            fieldChanges.append(FieldChange(field: name, old: old, new: new))
        }
        guard reader.atEnd else { throw Unusable() }
        return RecordChange(
            kind: .updated, type: type, name: name, old: nil, new: nil, fieldChanges: fieldChanges,
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

/// Why a comparison file is not used; a miss, never shown.
private struct Unusable: Error {}
