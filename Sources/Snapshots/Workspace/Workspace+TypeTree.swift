import Foundation
import GitStore
import Records
import Synchronization

extension Workspace {
    /// One type's `records/<Type>` tree, written but not yet stored, and how to remember its rows
    /// once it is.
    struct TypeTree {
        /// nil when the source holds no records.
        var tree: ObjectID?
        /// The rows left out under `invalid-records = "skip"`.
        var invalid: [InvalidRecord]
        /// How many records `tree` holds: one per row that is not invalid.
        var records: Int
        /// What patching the type's tree from last time changed, when it was patched.
        var patch: KnownTypeDiff?
        /// Writes the row cache; call only after the writer has finished.
        var saveRowCache: @Sendable () -> Void
    }

    /// Reads `type`'s source and writes its tree. With a row cache from last time, only new and
    /// edited rows are mapped and the cached tree is patched; otherwise every row is mapped and
    /// the tree written whole, reusing `base`'s unchanged subtrees.
    /// - Parameter sourceBytes: the size of the source, for progress.
    func buildTypeTree(_ type: RecordTypeConfiguration, sourceBytes: Int, writer: ObjectWriter, base: ObjectID?)
        throws -> TypeTree
    {
        let cachePath = RowCache.path(of: type, in: stateDirectory + "/row-cache")
        let configDigest = SourceCache.digest(of: type)
        let known = RowCache.load(path: cachePath, configDigest: configDigest)
            .flatMap { repository.contains($0.tree) ? $0 : nil }
        let knownRows = known?.rows ?? .empty
        // A large import (stored, not compressed) writes each blob as it is mapped, so that the
        // records are never all held: appending a stored blob is a copy, cheap under a lock. So
        // does a type read whole again over the tree it has (its row cache lost, or made under
        // another configuration or version): most of its blobs are there already, and holding a
        // million records to find that out peaked at 1.5 GB (9.5 GB at ten million).
        let freshBlobs =
            known == nil && (writer.compressionLevel == 0 || base != nil) ? FreshBlobs(writer: writer) : nil
        var storing: (@Sendable (inout EncodedRecord) -> Void)?
        if let freshBlobs { storing = { record in freshBlobs.store(&record) } }
        let read = try RecordReader.read(
            type, workspace: directory, reusing: knownRows, progress: readProgress(of: type, bytes: sourceBytes),
            storing: storing)
        progress?(WorkProgress(step: "Writing the snapshot of \(type.name)"))
        // The rows of the new tree, in source order, for the next read.
        func startRowCache() -> RowCache.Draft {
            var rows = RowCache.Rows(known: knownRows)
            for run in read.runs {
                switch run {
                case .known(let known): rows.append(known: known)
                case .fresh(let digest, let record): rows.append(fresh: digest, name: record.name)
                case .invalid:
                    // Not a row of the tree: the next read maps it again, and lists it again.
                    continue
                }
            }
            return RowCache.Draft(
                path: cachePath, configDigest: configDigest, rows: rows, blocks: read.blocks, replacing: known)
        }
        // Written while the tree is patched, on the other core. A tree written whole (a first
        // snapshot) has every row fresh, and holding them beside its trees raised the peak of ten
        // million records by 290 MB: its cache is written after.
        let earlyRowCache = known != nil ? startRowCache() : nil

        var tree: ObjectID?
        var patch: KnownTypeDiff?
        if let freshBlobs {
            try freshBlobs.checkWritten()
            // The pack of the blobs is hashed and installed while their trees are built.
            writer.sealPack()
            let blobs = try Self.storedBlobs(read, type: type)
            tree = blobs.isEmpty ? nil : try RecordTree.write(blobs: blobs, base: base, writer: writer)
        } else {
            var fresh: [TreeFile] = []
            for case .fresh(_, let record) in read.runs {
                fresh.append(TreeFile(path: RecordPath.pathInType(name: record.name), content: record.blob))
            }
            if let known, let earlyRowCache {
                let changes = Self.changes(fresh: fresh, read: read, known: knownRows)
                var deltas: [TreeDelta]? = []
                var placedChanges: [String: [UInt8]?] = [:]
                tree = known.tree
                if !changes.isEmpty {
                    (tree, deltas, placedChanges) = try RecordTree.update(
                        known.tree, changes: changes, records: earlyRowCache.rowCount, writer: writer)
                }
                if tree == .emptyTree { tree = nil }
                patch = deltas.map {
                    KnownTypeDiff(
                        old: known.tree, new: tree, deltas: $0,
                        newContents: placedChanges.count <= KnownTypeDiff.heldLimit ? placedChanges : [:])
                }
            } else if !fresh.isEmpty {
                tree = try RecordTree.write(files: &fresh, base: base, writer: writer)
            }
        }

        let rowCache = earlyRowCache ?? startRowCache()
        return TypeTree(tree: tree, invalid: read.invalid, records: rowCache.rowCount, patch: patch) { [tree] in
            rowCache.finish(tree: tree)
        }
    }

    /// The paths and blob ids of a read's fresh records, whose blobs are already written
    /// (`FreshBlobs`), in source order, found on all cores: each path hashes a name, and ten
    /// million of them took five seconds of a first snapshot on one core.
    private static func storedBlobs(_ read: ReusingRead, type: RecordTypeConfiguration) throws -> [(
        path: String, id: ObjectID
    )] {
        let runs = read.runs
        let chunkCount = runs.count < 100_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        let chunks = Parallel.map(chunkCount) { chunk -> (blobs: [(path: String, id: ObjectID)], unstored: String?) in
            var blobs: [(path: String, id: ObjectID)] = []
            for case .fresh(_, let record) in runs[Parallel.slice(chunk, of: chunkCount, count: runs.count)] {
                guard let id = FreshBlobs.storedID(of: record) else { return (blobs, record.name) }
                blobs.append((RecordPath.pathInType(name: record.name), id))
            }
            return (blobs, nil)
        }
        var blobs: [(path: String, id: ObjectID)] = []
        blobs.reserveCapacity(chunks.reduce(0) { $0 + $1.blobs.count })
        for chunk in chunks {
            if let name = chunk.unstored {
                throw SnapshotError.corrupt(path: type.source, reason: "record \(name) has no blob")
            }
            blobs += chunk.blobs
        }
        return blobs
    }

    /// Adds up the bytes a parallel read reports into the progress of reading `type`'s source.
    func readProgress(of type: RecordTypeConfiguration, bytes: Int) -> (@Sendable (Int) -> Void)? {
        guard let progress else { return nil }
        let step = "Reading \(type.source)"
        progress(WorkProgress(step: step, total: bytes, unit: .bytes))
        let read = Mutex(0)
        return { count in
            let done = read.withLock { total in
                total += count
                return total
            }
            progress(WorkProgress(step: step, done: min(done, bytes), total: bytes, unit: .bytes))
        }
    }

    /// The patch from the cached tree to the data now: every fresh record written, and every known
    /// row that is gone deleted, unless a fresh record took its name (an edit).
    private static func changes(fresh: [TreeFile], read: ReusingRead, known: RowIndex) -> [String: [UInt8]?] {
        var changes: [String: [UInt8]?] = [:]
        changes.reserveCapacity(fresh.count + read.unusedKnownRows.count)
        for file in fresh { changes[file.path] = .some(file.content) }
        for index in read.unusedKnownRows {
            let path = RecordPath.pathInType(name: known.name(of: index))
            if changes.index(forKey: path) == nil { changes[path] = .some(nil) }
        }
        return changes
    }
}
